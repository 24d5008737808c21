import { meshAuthorization } from '../../../src/rules/network/mesh-authorization.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const examples = meshAuthorization.meta.examples ?? { fail: '', pass: '' };

const deployment = (name: string, namespace: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - {name: app, image: nginx:1.27}
`;

const authz = (name: string, namespace: string, spec = '{}') => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ${name}, namespace: ${namespace}}
spec: ${spec}
`;

const CRD = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: authorizationpolicies.security.istio.io}
spec:
  group: security.istio.io
  names: {kind: AuthorizationPolicy, plural: authorizationpolicies}
  scope: Namespaced
  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
`;

const MESSAGE = (namespace: string, workloads: string, root = 'istio-system') =>
  `namespace \`${namespace}\` runs ${workloads} in an Istio mesh but no AuthorizationPolicy applies to it (none in \`${namespace}\`, none mesh-wide in \`${root}\`), so any workload in the mesh can call them; add an allow-nothing AuthorizationPolicy and ALLOW rules for the expected callers`;

ruleTester(meshAuthorization, {
  valid: [
    { name: 'example: an AuthorizationPolicy in the namespace', yaml: examples.pass },
    { name: 'no Istio in the input', yaml: deployment('api', 'shop') },
    {
      name: 'a Gateway API Gateway is not Istio',
      yaml: `${deployment('api', 'shop')}---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web, namespace: shop}
spec: {gatewayClassName: istio, listeners: [{name: http, port: 80, protocol: HTTP}]}
`,
    },
    {
      name: 'a mesh-wide policy in the root namespace covers every namespace',
      yaml: `${CRD}---${authz('allow-nothing', 'istio-system')}---${deployment('api', 'shop')}---${deployment('db', 'data')}`,
    },
    {
      name: 'a root namespace set by parameter',
      yaml: `${CRD}---${authz('allow-nothing', 'mesh-root')}---${deployment('api', 'shop')}`,
      params: { rootNamespace: 'mesh-root' },
    },
    {
      name: 'namespaces outside the mesh: ignored by default, or injection disabled',
      yaml: `${CRD}---${deployment('coredns', 'kube-system')}---
apiVersion: v1
kind: Namespace
metadata:
  name: legacy
  labels: {istio-injection: disabled}
---${deployment('old', 'legacy')}`,
    },
  ],
  invalid: [
    {
      name: 'example: PeerAuthentication but no AuthorizationPolicy',
      yaml: examples.fail,
      errors: [
        {
          message: MESSAGE('shop', 'Deployment `shop/api`'),
          path: 'metadata.name',
          severity: 'medium',
          resource: 'Namespace/shop',
        },
      ],
    },
    {
      name: 'Istio known by its CRD; a policy in one namespace covers only that one',
      yaml: `${CRD}---${authz('allow-nothing', 'shop')}---${deployment('api', 'shop')}---${deployment('db', 'data')}`,
      errors: [
        {
          message: MESSAGE('data', 'Deployment `data/db`'),
          path: 'metadata.namespace',
          resource: 'Deployment/db',
        },
      ],
    },
    {
      name: 'a root-namespace policy with a selector applies to its workloads only, not mesh-wide',
      yaml: `${CRD}---${authz('gateway-ext-authz', 'istio-system', '{selector: {matchLabels: {istio: ingressgateway}}, action: CUSTOM}')}---${deployment('api', 'shop')}`,
      errors: [{ message: MESSAGE('shop', 'Deployment `shop/api`') }],
    },
    {
      name: 'Istio known by a networking.istio.io object',
      yaml: `${deployment('api', 'shop')}---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: api, namespace: shop}
spec: {hosts: [api], http: [{route: [{destination: {host: api}}]}]}
`,
      errors: [{ message: MESSAGE('shop', 'Deployment `shop/api`') }],
    },
    {
      name: 'ignoreNamespaces can be emptied',
      yaml: `${CRD}---${deployment('coredns', 'kube-system')}`,
      params: { ignoreNamespaces: [] },
      errors: [{ message: MESSAGE('kube-system', 'Deployment `kube-system/coredns`') }],
    },
  ],
});
