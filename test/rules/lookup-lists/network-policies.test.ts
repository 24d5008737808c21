/**
 * Which objects count as a namespace's network policies for PP-NET-001 (Kubernetes NetworkPolicies, and the
 * namespaced policies of Cilium and Calico in both of Calico's API groups), which do not (cluster-wide policies,
 * look-alike API groups, another namespace's), and which Service types PP-NET-004 reports as exposed.
 */
import { exposedService } from '../../../src/rules/network/exposed-service.js';
import { namespaceWithoutPolicy } from '../../../src/rules/network/namespace-without-policy.js';
import { type InvalidCase, ruleTester, type ValidCase } from '../../helpers/rule-tester.js';

const NAMESPACE_AND_WORKLOAD = `apiVersion: v1
kind: Namespace
metadata: {name: iot}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: collector, namespace: iot}
spec:
  selector: {matchLabels: {app: collector}}
  template:
    metadata: {labels: {app: collector}}
    spec:
      containers:
        - {name: app, image: ghcr.io/acme/collector:1.4.2}
`;

const policy = (apiVersion: string, kind: string, namespace = 'iot') => `---
apiVersion: ${apiVersion}
kind: ${kind}
metadata: {name: some-policy${namespace ? `, namespace: ${namespace}` : ''}}
spec: {}
`;

/** Policies that count: the namespace has a network policy. */
const COUNTED: [string, string][] = [
  ['networking.k8s.io/v1', 'NetworkPolicy'],
  ['cilium.io/v2', 'CiliumNetworkPolicy'],
  ['projectcalico.org/v3', 'NetworkPolicy'],
  ['crd.projectcalico.org/v1', 'NetworkPolicy'],
];
/** Look-alikes that do not: cluster-wide kinds, other API groups, Calico's kinds that are not policies. */
const NOT_COUNTED: [string, string][] = [
  ['cilium.io/v2', 'CiliumClusterwideNetworkPolicy'],
  ['projectcalico.org/v3', 'GlobalNetworkPolicy'],
  ['policy.networking.k8s.io/v1alpha1', 'AdminNetworkPolicy'],
  ['projectcalico.org/v3', 'NetworkSet'],
  ['example.com/v1', 'NetworkPolicy'],
  ['notprojectcalico.org/v3', 'NetworkPolicy'],
  ['projectcalico.org.example.com/v1', 'NetworkPolicy'],
];

const noPolicy = { resource: 'Namespace/iot', path: 'metadata.name', message: /namespace `iot`/ };

const valid: ValidCase[] = COUNTED.map(([apiVersion, kind]) => ({
  name: `a ${apiVersion} ${kind} in the namespace counts`,
  yaml: NAMESPACE_AND_WORKLOAD + policy(apiVersion, kind),
}));
const invalid: InvalidCase[] = NOT_COUNTED.map(([apiVersion, kind]) => ({
  name: `a ${apiVersion} ${kind} does not count`,
  yaml: NAMESPACE_AND_WORKLOAD + policy(apiVersion, kind),
  errors: [noPolicy],
}));
for (const [apiVersion, kind] of COUNTED) {
  invalid.push({
    name: `a ${apiVersion} ${kind} in another namespace does not count`,
    yaml: NAMESPACE_AND_WORKLOAD + policy(apiVersion, kind, 'elsewhere'),
    errors: [noPolicy],
  });
}

ruleTester(namespaceWithoutPolicy, { valid, invalid });

const service = (type: string | undefined) => `apiVersion: v1
kind: Service
metadata: {name: broker, namespace: iot}
spec:
${type === undefined ? '' : `  type: ${type}\n`}  selector: {app: broker}
  ports: [{port: 1883}, {port: 8883, protocol: TCP}, {port: 5683, protocol: UDP}]
`;

ruleTester(exposedService, {
  valid: [undefined, 'ClusterIP', 'ExternalName', 'nodeport', 'Loadbalancer'].map((type) => ({
    name: `type ${type ?? '(none: ClusterIP)'} is not exposed`,
    yaml: service(type),
  })),
  invalid: ['NodePort', 'LoadBalancer'].map((type) => ({
    name: `type ${type} is reported, with every port`,
    yaml: service(type),
    errors: [
      {
        path: 'spec.type',
        severity: 'info',
        message: `Service \`iot/broker\` is of type ${type} and exposes 1883/TCP, 8883/TCP, 5683/UDP outside the cluster`,
      },
    ],
  })),
});
