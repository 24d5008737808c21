/** The operations chapter: zero-downtime updates, environments, RBAC per object. */
import type { Rule } from '../types.js';
import { anonymousBinding } from './anonymous-binding.js';
import { clusterAdminBinding } from './cluster-admin-binding.js';
import { defaultNamespace } from './default-namespace.js';
import { escalationPaths } from './escalation-paths.js';
import { kubeSystemWorkload } from './kube-system-workload.js';
import { livenessProbe } from './liveness-probe.js';
import { missingServiceAccount } from './missing-service-account.js';
import { pdbSelectsNothing } from './pdb-selects-nothing.js';
import { rbacWildcard } from './rbac-wildcard.js';
import { readinessProbe } from './readiness-probe.js';
import { riskyPermissions } from './risky-permissions.js';
import { rollingUpdateUnavailable } from './rolling-update-unavailable.js';
import { singleReplica } from './single-replica.js';
import { subjectCapabilities } from './subject-capabilities.js';
import { unsatisfiablePdb } from './unsatisfiable-pdb.js';
import { unusedServiceAccount } from './unused-service-account.js';

export const OPERATIONS_RULES: readonly Rule[] = [
  readinessProbe,
  livenessProbe,
  singleReplica,
  rollingUpdateUnavailable,
  unsatisfiablePdb,
  pdbSelectsNothing,
  defaultNamespace,
  kubeSystemWorkload,
  rbacWildcard,
  clusterAdminBinding,
  anonymousBinding,
  riskyPermissions,
  missingServiceAccount,
  subjectCapabilities,
  escalationPaths,
  unusedServiceAccount,
];
