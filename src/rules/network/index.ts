/** The network chapter: network policies, exposure, service mesh authorization. */
import type { Rule } from '../types.js';
import { defaultDenyEgress } from './default-deny-egress.js';
import { defaultDenyIngress } from './default-deny-ingress.js';
import { exposedService } from './exposed-service.js';
import { meshAuthorization } from './mesh-authorization.js';
import { namespaceWithoutPolicy } from './namespace-without-policy.js';
import { unselectedWorkload } from './unselected-workload.js';

/**
 * PP-NET-006 (hostNetwork / hostPort exposure) is deliberately not a rule here: PP-PSS-002 and PP-PSS-003 report
 * host namespaces and host ports, and a second finding for the same field would only be noise.
 */
export const NETWORK_RULES: readonly Rule[] = [
  namespaceWithoutPolicy,
  defaultDenyIngress,
  defaultDenyEgress,
  exposedService,
  unselectedWorkload,
  meshAuthorization,
];
