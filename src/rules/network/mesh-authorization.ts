import { describeNamespace, type Inventory } from '../../inventory/inventory.js';
import type { Resource } from '../../inventory/resource.js';
import { EXTRA_NETWORK_OPS, NIST, NSA, OWASP } from '../../references/controls.js';
import { apiDeployment, yamlDocuments } from '../examples.js';
import { asArray, asRecord } from '../helpers.js';
import { namespaceGaps, someResources } from '../namespace-gaps.js';
import type { InventoryRule } from '../types.js';
import { governedWorkloads } from './policy-selection.js';

interface Params {
  rootNamespace: string;
  ignoreNamespaces: string[];
}

const ISTIO_GROUPS = /^(security|networking)\.istio\.io\//;
/** Kinds of the security.istio.io and networking.istio.io groups: looked up by kind, not by scanning. */
const ISTIO_KINDS = [
  'AuthorizationPolicy',
  'PeerAuthentication',
  'RequestAuthentication',
  'VirtualService',
  'DestinationRule',
  'Gateway',
  'ServiceEntry',
  'Sidecar',
  'EnvoyFilter',
  'WorkloadEntry',
  'WorkloadGroup',
  'ProxyConfig',
];

/** Istio is part of the input: its CRDs, or any object of its security or networking API groups. */
function istioPresent(inventory: Inventory): boolean {
  if (inventory.byKind('CustomResourceDefinition').some((crd) => crd.name.endsWith('.istio.io'))) return true;
  return ISTIO_KINDS.some((kind) => inventory.byKind(kind).some((r) => ISTIO_GROUPS.test(r.apiVersion)));
}

function authorizationPoliciesIn(inventory: Inventory, namespace: string): Resource[] {
  return inventory
    .inNamespace(namespace, 'AuthorizationPolicy')
    .filter((r) => r.apiVersion.startsWith('security.istio.io/'));
}

/** A root-namespace policy applies mesh-wide only without a workload selector or targetRef. */
function isMeshWide(policy: Resource): boolean {
  const spec = asRecord(policy.object.spec) ?? {};
  const labels = asRecord(asRecord(spec.selector)?.matchLabels);
  const selects = labels !== undefined && Object.keys(labels).length > 0;
  return !selects && spec.targetRef === undefined && asArray(spec.targetRefs).length === 0;
}

/** The examples' namespace, in the mesh. */
const MESH_NAMESPACE = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {istio-injection: enabled}
`;

/** With Istio in the cluster, mTLS identities exist but nothing uses them until an AuthorizationPolicy does. */
export const meshAuthorization: InventoryRule<Params> = {
  meta: {
    id: 'PP-NET-007',
    title: 'Service mesh without AuthorizationPolicy for a namespace',
    chapter: 'network',
    severity: 'medium',
    recommendation:
      'Where a service mesh runs, give every namespace an AuthorizationPolicy that allows only the callers it expects.',
    rationale:
      'Istio authenticates every workload with mTLS, but by default it authorises every request: without an AuthorizationPolicy in the namespace, or a mesh-wide one (no selector) in the root namespace, any workload in the mesh can call any other. Namespaces labelled `istio-injection: disabled` and those in `ignoreNamespaces` are outside the mesh and skipped.',
    silentWhen:
      'Istio is not in the input (no istio.io CRD and no security.istio.io or networking.istio.io object): the rule cannot tell a cluster without a mesh from a part of one.',
    remediation:
      'Add an allow-nothing AuthorizationPolicy (`spec: {}`) to the namespace, or mesh-wide in the root namespace, then ALLOW policies naming the principals each workload accepts.',
    references: [
      NIST.networkSeparation,
      NIST.unauthorizedAccess,
      NSA.networkPolicies,
      OWASP.tls,
      EXTRA_NETWORK_OPS.clusterInternalNetworking,
    ],
    params: {
      schema: {
        type: 'object',
        properties: {
          rootNamespace: {
            type: 'string',
            description: "Istio's root namespace, whose selector-less AuthorizationPolicies apply mesh-wide.",
          },
          ignoreNamespaces: {
            type: 'array',
            items: { type: 'string' },
            description: 'Namespaces outside the mesh (Istio never injects sidecars there).',
          },
        },
        additionalProperties: false,
      },
      defaults: {
        rootNamespace: 'istio-system',
        ignoreNamespaces: ['kube-system', 'kube-public', 'kube-node-lease'],
      },
    },
    appliesTo: ['Namespace'],
    examples: {
      fail: yamlDocuments(
        MESH_NAMESPACE,
        `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec:
  mtls: {mode: STRICT}
`,
        apiDeployment(),
      ),
      pass: yamlDocuments(
        MESH_NAMESPACE,
        `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: allow-frontend, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  action: ALLOW
  rules:
    - from: [{source: {principals: [cluster.local/ns/shop/sa/frontend]}}]
`,
        apiDeployment(),
      ),
    },
  },
  target: 'inventory',
  *check({ inventory, params }) {
    if (!istioPresent(inventory)) return;
    const root = typeof params.rootNamespace === 'string' ? params.rootNamespace : 'istio-system';
    const ignored = new Set(
      asArray(params.ignoreNamespaces).filter((n): n is string => typeof n === 'string'),
    );
    if (authorizationPoliciesIn(inventory, root).some(isMeshWide)) return;
    yield* namespaceGaps(inventory, {
      members: (namespace) =>
        ignored.has(namespace) ||
        inventory.namespaceObject(namespace)?.labels['istio-injection'] === 'disabled'
          ? []
          : governedWorkloads(inventory, namespace).map((w) => w.resource),
      satisfied: (namespace) => authorizationPoliciesIn(inventory, namespace).length > 0,
      message: (namespace, workloads) =>
        `${describeNamespace(namespace, workloads)} runs ${someResources(workloads)} in an Istio mesh but no AuthorizationPolicy applies to it (none in \`${namespace}\`, none mesh-wide in \`${root}\`), so any workload in the mesh can call them; add an allow-nothing AuthorizationPolicy and ALLOW rules for the expected callers`,
    });
  },
};
