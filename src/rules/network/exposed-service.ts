import { describeResource } from '../../inventory/resource.js';
import { MS_TMK, NIST } from '../../references/controls.js';
import { asArray, asRecord } from '../helpers.js';
import type { ObjectRule } from '../types.js';

/** The Service types that open ports beyond the cluster. */
export const EXPOSED_SERVICE_TYPES: readonly string[] = ['NodePort', 'LoadBalancer'];

/** NodePort and LoadBalancer Services open ports beyond the cluster: worth knowing, not always wrong. */
export const exposedService: ObjectRule = {
  meta: {
    id: 'PP-NET-004',
    title: 'Service exposed outside the cluster',
    chapter: 'network',
    severity: 'info',
    recommendation: 'Expose nothing beyond the cluster that does not need to be reached from outside.',
    rationale:
      'Every NodePort or LoadBalancer Service is a door into the site network; at the edge that network is often flat and shared with machines.',
    remediation: 'Use `type: ClusterIP` behind an Ingress with TLS, or restrict `loadBalancerSourceRanges`.',
    references: [NIST.unboundedNetwork, MS_TMK.exposedSensitiveInterfaces],
    appliesTo: ['Service'],
    examples: {
      fail: `apiVersion: v1
kind: Service
metadata: {name: mqtt, namespace: iot}
spec:
  type: LoadBalancer
  selector: {app: mqtt}
  ports: [{port: 1883}]
`,
      pass: `apiVersion: v1
kind: Service
metadata: {name: mqtt, namespace: iot}
spec:
  type: ClusterIP
  selector: {app: mqtt}
  ports: [{port: 1883}]
`,
    },
  },
  target: 'object',
  *check(resource) {
    const spec = asRecord(resource.object.spec);
    const type = spec?.type;
    if (typeof type !== 'string' || !EXPOSED_SERVICE_TYPES.includes(type)) return;
    const ports = asArray(spec?.ports)
      .map((p) => asRecord(p))
      .map((p) => `${String(p?.port ?? '?')}/${String(p?.protocol ?? 'TCP')}`);
    yield {
      path: ['spec', 'type'],
      message: `${describeResource(resource)} is of type ${type} and exposes ${ports.join(', ') || 'no ports'} outside the cluster`,
    };
  },
};
