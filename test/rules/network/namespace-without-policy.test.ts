import { namespaceWithoutPolicy } from '../../../src/rules/network/namespace-without-policy.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const examples = namespaceWithoutPolicy.meta.examples ?? { fail: '', pass: '' };

const deployment = (name: string, namespace?: string, spec = '') => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}${namespace === undefined ? '' : `, namespace: ${namespace}`}}
spec:
  template:
    metadata: {labels: {app: ${name}}}
    spec:
${spec}      containers:
        - {name: app, image: nginx:1.27}
`;

const NO_POLICY = (namespace: string, workloads: string, namespaceInInput = false) =>
  `${namespace} runs ${workloads} but has no NetworkPolicy${namespaceInInput ? ', so' : ' (none in the scanned input, which does not hold the namespace itself either), so unless the cluster has one'} its pods accept connections from anywhere and can connect anywhere; add a default-deny NetworkPolicy and allow the traffic each workload needs`;

ruleTester(namespaceWithoutPolicy, {
  valid: [
    { name: 'example: default deny in the namespace', yaml: examples.pass },
    {
      name: 'an allow-list NetworkPolicy is a policy (PP-NET-002 judges whether it denies by default)',
      yaml: `${deployment('web', 'shop')}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{}]
`,
    },
    {
      name: 'objects without a namespace and a policy in default',
      yaml: `${deployment('web')}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny}
spec: {podSelector: {}}
`,
    },
    {
      name: 'a CiliumNetworkPolicy counts',
      yaml: `${deployment('web', 'shop')}---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: web}}
  ingress: [{fromEndpoints: [{matchLabels: {app: ingress}}]}]
`,
    },
    {
      name: 'a Calico NetworkPolicy counts',
      yaml: `${deployment('web', 'shop')}---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  selector: app == 'web'
  types: [Ingress]
`,
    },
    {
      name: 'only host-network pods (NetworkPolicy does not apply to them)',
      yaml: deployment('node-exporter', 'monitoring', '      hostNetwork: true\n'),
    },
    {
      name: 'a PodTemplate runs nothing',
      yaml: `apiVersion: v1
kind: PodTemplate
metadata: {name: debug, namespace: shop}
template:
  spec:
    containers: [{name: app, image: busybox:1.36}]
`,
    },
    {
      name: 'a namespace without workloads',
      yaml: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: empty}\n',
    },
  ],
  invalid: [
    {
      name: 'example: a namespace with a Deployment and no policy',
      yaml: examples.fail,
      errors: [
        {
          message: NO_POLICY('namespace `iot`', 'Deployment `iot/collector`', true),
          path: 'metadata.name',
          severity: 'high',
          resource: 'Namespace/iot',
        },
      ],
    },
    {
      name: 'no Namespace object: reported on the first workload, naming a few',
      yaml: `${deployment('web', 'shop')}---${deployment('api', 'shop')}---${deployment('worker', 'shop')}`,
      errors: [
        {
          message: NO_POLICY('namespace `shop`', 'Deployment `shop/web`, Deployment `shop/api` and 1 more'),
          path: 'metadata.namespace',
          resource: 'Deployment/web',
        },
      ],
    },
    {
      name: 'objects without a namespace: the one they are applied to, `default` unless -n',
      yaml: deployment('web'),
      errors: [
        {
          message: NO_POLICY('the namespace it is applied to (`default` unless -n)', 'Deployment `web`'),
          path: 'metadata.namespace',
        },
      ],
    },
    {
      name: 'a policy in another namespace does not count; one finding per namespace',
      yaml: `${deployment('web', 'shop')}---${deployment('collector', 'iot')}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: iot}
spec: {podSelector: {}}
`,
      errors: [
        { message: NO_POLICY('namespace `shop`', 'Deployment `shop/web`'), resource: 'Deployment/web' },
      ],
    },
    {
      name: 'a ReplicaSet and Pods owned by a Deployment in the input are counted once',
      yaml: `${deployment('web', 'shop')}---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-5d4f
  namespace: shop
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: a, controller: true}]
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: nginx:1.27}]
---
apiVersion: v1
kind: Pod
metadata:
  name: web-5d4f-x2x9
  namespace: shop
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-5d4f, uid: b, controller: true}]
spec:
  containers: [{name: app, image: nginx:1.27}]
`,
      errors: [
        { message: NO_POLICY('namespace `shop`', 'Deployment `shop/web`'), resource: 'Deployment/web' },
      ],
    },
    {
      name: 'a host-network pod does not hide the others',
      yaml: `${deployment('node-exporter', 'monitoring', '      hostNetwork: true\n')}---${deployment('prometheus', 'monitoring')}`,
      errors: [
        {
          message: NO_POLICY('namespace `monitoring`', 'Deployment `monitoring/prometheus`'),
          resource: 'Deployment/prometheus',
          path: 'metadata.namespace',
        },
      ],
    },
  ],
});
