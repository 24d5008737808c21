import { CIS, EXTRA_NETWORK_OPS, NIST, NSA, OWASP } from '../../references/controls.js';

/** The controls a missing NetworkPolicy breaks: what PP-NET-001, -002 and -005 cite (egress cites its own NIST). */
export const NETWORK_POLICY_REFERENCES = [
  CIS.networkPolicies,
  NSA.networkPolicies,
  OWASP.networkPolicies,
  NIST.networkSeparation,
  EXTRA_NETWORK_OPS.clusterInternalNetworking,
];
