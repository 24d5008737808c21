import { namespaceOf } from '../../inventory/inventory.js';
import { POD_CONTROLLER_KINDS } from '../../inventory/pod-specs.js';
import { describeResource } from '../../inventory/resource.js';
import { CIS, MS_TMK, NIST, NSA } from '../../references/controls.js';
import { asArray } from '../helpers.js';
import type { ObjectRule } from '../types.js';

interface Params {
  systemComponents: string[];
}

/** Name prefixes of the components that belong in kube-system on common distributions (k3s, kubeadm, RKE2...). */
const SYSTEM_COMPONENTS = [
  'coredns',
  'kube-dns',
  'kube-proxy',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'etcd',
  'cloud-controller-manager',
  'metrics-server',
  'cilium',
  'calico',
  'canal',
  'flannel',
  'kube-flannel',
  'weave-net',
  'konnectivity',
  'local-path-provisioner',
  'traefik',
  'helm-install-',
  'svclb-',
  'kube-vip',
  'node-local-dns',
  'nodelocaldns',
  'snapshot-controller',
  'csi-',
  'rke2-',
];

/** The name prefixes the rule leaves alone: the parameter's non-empty strings. */
export function systemComponentsOf(params: { systemComponents?: unknown }): string[] {
  return asArray(params.systemComponents).filter((p): p is string => typeof p === 'string' && p !== '');
}

/** Pod workloads that kube-system holds but that are not part of the platform (info: worth a look). */
export const kubeSystemWorkload: ObjectRule<Params> = {
  meta: {
    id: 'PP-OPS-011',
    title: 'Non-system workload in kube-system',
    chapter: 'operations',
    severity: 'info',
    recommendation:
      "Keep kube-system for the cluster's own components; run everything else in its own namespace.",
    rationale:
      'kube-system holds the most powerful service accounts and is commonly exempted from Pod Security admission, policy engines and NetworkPolicies. An application placed there inherits those exemptions and sits next to credentials it should never reach; attackers also hide workloads there because nobody looks. Known platform components are recognised by name prefix (`systemComponents`); only pod workloads are judged.',
    remediation:
      "Move the workload to a namespace of its own; if it is a platform component, add its name prefix to this rule's `systemComponents` parameter.",
    references: [CIS.namespaces, NSA.namespaces, NIST.mixedSensitivity, MS_TMK.backdoorContainer],
    params: {
      schema: {
        type: 'object',
        properties: {
          systemComponents: {
            type: 'array',
            items: { type: 'string' },
            description: 'Name prefixes of workloads that belong in kube-system.',
          },
        },
        additionalProperties: false,
      },
      defaults: { systemComponents: SYSTEM_COMPONENTS },
    },
    appliesTo: POD_CONTROLLER_KINDS.filter((kind) => kind !== 'PodTemplate'),
    examples: {
      fail: `apiVersion: apps/v1
kind: Deployment
metadata: {name: plc-gateway, namespace: kube-system}
spec:
  selector: {matchLabels: {app: plc-gateway}}
  template:
    metadata: {labels: {app: plc-gateway}}
    spec:
      containers:
        - {name: app, image: ghcr.io/acme/plc-gateway:2.0.1}
`,
      pass: `apiVersion: apps/v1
kind: Deployment
metadata: {name: coredns, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: kube-dns}}
  template:
    metadata: {labels: {k8s-app: kube-dns}}
    spec:
      containers:
        - {name: coredns, image: registry.k8s.io/coredns/coredns:v1.11.3}
`,
    },
  },
  target: 'object',
  *check(resource, { inventory, params }) {
    if (namespaceOf(resource) !== 'kube-system') return;
    const prefixes = systemComponentsOf(params);
    if (prefixes.some((prefix) => resource.name.startsWith(prefix))) return;
    if (inventory.controllerOf(resource) !== undefined) return;
    yield {
      path: ['metadata', 'namespace'],
      message: `${describeResource(resource)} runs in kube-system but is not a known system component; move it to a namespace of its own, or add its name prefix to \`systemComponents\` if it is part of the platform`,
    };
  },
};
