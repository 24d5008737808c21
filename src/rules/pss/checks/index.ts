/**
 * Every Pod Security Standards check, in PSA's reporting order: baseline checks by id, then restricted checks by id
 * (PSA sorts ids byte-wise so that its messages are stable; violations are listed in this order).
 */
import type { PssCheck } from '../check.js';
import { allowPrivilegeEscalation } from './allowPrivilegeEscalation.js';
import { appArmorProfile } from './appArmorProfile.js';
import { capabilitiesBaseline } from './capabilities_baseline.js';
import { capabilitiesRestricted } from './capabilities_restricted.js';
import { hostNamespaces } from './hostNamespaces.js';
import { hostPathVolumes } from './hostPathVolumes.js';
import { hostPorts } from './hostPorts.js';
import { hostProbesAndHostLifecycle } from './hostProbesAndHostLifecycle.js';
import { privileged } from './privileged.js';
import { procMount } from './procMount.js';
import { procMountRestricted } from './procMount_restricted.js';
import { restrictedVolumes } from './restrictedVolumes.js';
import { runAsNonRoot } from './runAsNonRoot.js';
import { runAsUser } from './runAsUser.js';
import { seccompProfileBaseline } from './seccompProfile_baseline.js';
import { seccompProfileRestricted } from './seccompProfile_restricted.js';
import { seLinuxOptions } from './seLinuxOptions.js';
import { sysctls } from './sysctls.js';
import { windowsHostProcess } from './windowsHostProcess.js';

export const PSS_CHECKS: readonly PssCheck[] = [
  // baseline
  appArmorProfile,
  capabilitiesBaseline,
  hostNamespaces,
  hostPathVolumes,
  hostPorts,
  hostProbesAndHostLifecycle,
  privileged,
  procMount,
  seLinuxOptions,
  seccompProfileBaseline,
  sysctls,
  windowsHostProcess,
  // restricted
  allowPrivilegeEscalation,
  capabilitiesRestricted,
  procMountRestricted,
  restrictedVolumes,
  runAsNonRoot,
  runAsUser,
  seccompProfileRestricted,
];
