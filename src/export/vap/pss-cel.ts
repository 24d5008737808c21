/**
 * The Pod Security checks in CEL: one expression per check implementation (check id and the policy version it
 * starts at, as in rules/pss/checks), true when the pod is allowed. They read the pod through the policy's
 * variables (pod-variables.ts): `variables.podSpec`, `variables.annotations` and `variables.containers`
 * (init, regular and ephemeral). test/export proves each one against the TypeScript check it translates.
 */
import { ANNOTATION_PREFIX as APPARMOR_ANNOTATION } from '../../rules/pss/checks/appArmorProfile.js';
import { ALLOWED_CAPABILITIES_V1_0 } from '../../rules/pss/checks/capabilities_baseline.js';
import { HOST_NAMESPACE_FIELDS } from '../../rules/pss/checks/hostNamespaces.js';
import { HANDLER_KINDS, HANDLERS } from '../../rules/pss/checks/hostProbesAndHostLifecycle.js';
import { ALLOWED_SOURCES, RESTRICTED_SOURCES } from '../../rules/pss/checks/restrictedVolumes.js';
import {
  POD_ANNOTATION as POD_SECCOMP_ANNOTATION,
  CONTAINER_ANNOTATION_PREFIX as SECCOMP_CONTAINER_ANNOTATION,
} from '../../rules/pss/checks/seccompProfile_baseline.js';
import { TYPES_V1_0, TYPES_V1_31 } from '../../rules/pss/checks/seLinuxOptions.js';
import { SAFE_V1_0, SAFE_V1_27, SAFE_V1_29, SAFE_V1_32, SAFE_V1_37 } from '../../rules/pss/checks/sysctls.js';

const SPEC = 'variables.podSpec';
const CONTAINERS = 'variables.containers';
const ANNOTATIONS = 'variables.annotations';

/** `has(a.b) && has(a.b.c) ...`: the guard CEL needs before reading a path that may be absent. */
function present(root: string, ...path: string[]): string {
  return path.map((_, i) => `has(${[root, ...path.slice(0, i + 1)].join('.')})`).join(' && ');
}

/** `root.path` when present, else `fallback` (a Go zero value). */
function orElse(root: string, path: string[], fallback: string): string {
  return `(${present(root, ...path)} ? ${[root, ...path].join('.')} : ${fallback})`;
}

function list(values: readonly string[]): string {
  return `[${values.map((v) => `'${v}'`).join(', ')}]`;
}

function isTrue(root: string, ...path: string[]): string {
  return `(${present(root, ...path)} && ${[root, ...path].join('.')} == true)`;
}

const WINDOWS = `(${present(SPEC, 'os', 'name')} && ${SPEC}.os.name == 'windows')`;
const USER_NAMESPACE = `(${present(SPEC, 'hostUsers')} && ${SPEC}.hostUsers == false)`;

/** A check that does not apply to Windows pods (v1.25+) or to pods in a user namespace (v1.35+). */
function unless(condition: string, allowed: string): string {
  return `${condition} || (${allowed})`;
}

const NOT_PRIVILEGED = `!${CONTAINERS}.exists(c, ${isTrue('c', 'securityContext', 'privileged')})`;

const NO_HOST_NAMESPACES = HOST_NAMESPACE_FIELDS.map((f) => `!${isTrue(SPEC, f)}`).join(' && ');

const NO_HOST_PORTS = `!${CONTAINERS}.exists(c, has(c.ports) && c.ports.exists(p, has(p.hostPort) && p.hostPort != 0))`;

const NO_HOST_PATH = `!(has(${SPEC}.volumes) && ${SPEC}.volumes.exists(v, has(v.hostPath)))`;

const BASELINE_CAPABILITIES = list([...ALLOWED_CAPABILITIES_V1_0]);
const ADDED = (c: string) => `${c}.securityContext.capabilities.add`;
const CAPABILITIES_BASELINE = `${CONTAINERS}.all(c, !(${present('c', 'securityContext', 'capabilities', 'add')}) || ${ADDED('c')}.all(cap, cap in ${BASELINE_CAPABILITIES}))`;

const DEFAULT_PROC_MOUNT = `${CONTAINERS}.all(c, !(${present('c', 'securityContext', 'procMount')}) || ${'c.securityContext.procMount'} == 'Default')`;

function seLinux(types: readonly string[]): string {
  const valid = (o: string) =>
    `(${orElse(o, ['type'], "''")} in ${list(types)} && ${orElse(o, ['user'], "''")} == '' && ${orElse(o, ['role'], "''")} == '')`;
  return `(!(${present(SPEC, 'securityContext', 'seLinuxOptions')}) || ${valid(`${SPEC}.securityContext.seLinuxOptions`)}) && ${CONTAINERS}.all(c, !(${present('c', 'securityContext', 'seLinuxOptions')}) || ${valid('c.securityContext.seLinuxOptions')})`;
}

const SECCOMP_ANNOTATION_OK = (v: string) =>
  `(${v} == 'runtime/default' || ${v} == 'docker/default' || ${v}.startsWith('localhost/'))`;
const SECCOMP_ANNOTATIONS = `(!('${POD_SECCOMP_ANNOTATION}' in ${ANNOTATIONS}) || ${SECCOMP_ANNOTATION_OK(`${ANNOTATIONS}['${POD_SECCOMP_ANNOTATION}']`)}) && ${CONTAINERS}.all(c, !(('${SECCOMP_CONTAINER_ANNOTATION}' + c.name) in ${ANNOTATIONS}) || ${SECCOMP_ANNOTATION_OK(`${ANNOTATIONS}['${SECCOMP_CONTAINER_ANNOTATION}' + c.name]`)})`;

const VALID_SECCOMP = (profile: string) =>
  `${orElse(profile, ['type'], "''")} in ['RuntimeDefault', 'Localhost']`;
const POD_SECCOMP = `${SPEC}.securityContext.seccompProfile`;
const HAS_POD_SECCOMP = present(SPEC, 'securityContext', 'seccompProfile');
const SECCOMP_BASELINE = `(!(${HAS_POD_SECCOMP}) || ${VALID_SECCOMP(POD_SECCOMP)}) && ${CONTAINERS}.all(c, !(${present('c', 'securityContext', 'seccompProfile')}) || ${VALID_SECCOMP('c.securityContext.seccompProfile')})`;
const SECCOMP_RESTRICTED = `(!(${HAS_POD_SECCOMP}) || ${VALID_SECCOMP(POD_SECCOMP)}) && ${CONTAINERS}.all(c, ${present('c', 'securityContext', 'seccompProfile')} ? ${VALID_SECCOMP('c.securityContext.seccompProfile')} : (${HAS_POD_SECCOMP} && ${VALID_SECCOMP(POD_SECCOMP)}))`;

function sysctls(safe: readonly string[]): string {
  return `!(${present(SPEC, 'securityContext', 'sysctls')}) || ${SPEC}.securityContext.sysctls.all(s, ${orElse('s', ['name'], "''")} in ${list(safe)})`;
}

const APPARMOR_TYPE_OK = (profile: string) =>
  `${orElse(profile, ['type'], "''")} in ['RuntimeDefault', 'Localhost']`;
const APPARMOR = `(!(${present(SPEC, 'securityContext', 'appArmorProfile')}) || ${APPARMOR_TYPE_OK(`${SPEC}.securityContext.appArmorProfile`)}) && ${CONTAINERS}.all(c, !(${present('c', 'securityContext', 'appArmorProfile')}) || ${APPARMOR_TYPE_OK('c.securityContext.appArmorProfile')}) && ${ANNOTATIONS}.all(k, !k.startsWith('${APPARMOR_ANNOTATION}') || ${ANNOTATIONS}[k] == '' || ${ANNOTATIONS}[k] == 'runtime/default' || ${ANNOTATIONS}[k].startsWith('localhost/'))`;

const HOST_PROCESS = `!${isTrue(SPEC, 'securityContext', 'windowsOptions', 'hostProcess')} && !${CONTAINERS}.exists(c, ${isTrue('c', 'securityContext', 'windowsOptions', 'hostProcess')})`;

const HOST_PROBES = `!${CONTAINERS}.exists(c, ${HANDLERS.flatMap((handler) =>
  HANDLER_KINDS.map(
    (kind) =>
      `(${present('c', ...handler, kind, 'host')} && ${['c', ...handler, kind].join('.')}.host != '')`,
  ),
).join(' || ')})`;

const NO_ESCALATION = `${CONTAINERS}.all(c, ${present('c', 'securityContext', 'allowPrivilegeEscalation')} && c.securityContext.allowPrivilegeEscalation == false)`;

const CAPABILITIES_RESTRICTED = `${CONTAINERS}.all(c, ${present('c', 'securityContext', 'capabilities', 'drop')} && 'ALL' in c.securityContext.capabilities.drop) && ${CONTAINERS}.all(c, !(${present('c', 'securityContext', 'capabilities', 'add')}) || ${ADDED('c')}.all(cap, cap == 'NET_BIND_SERVICE'))`;

const hasAny = (sources: readonly string[]) => sources.map((s) => `has(v.${s})`).join(' || ');
const RESTRICTED_VOLUMES = `!has(${SPEC}.volumes) || ${SPEC}.volumes.all(v, ${hasAny(ALLOWED_SOURCES)} || !(${hasAny(RESTRICTED_SOURCES)}))`;

const POD_NON_ROOT = `${SPEC}.securityContext.runAsNonRoot`;
const HAS_POD_NON_ROOT = present(SPEC, 'securityContext', 'runAsNonRoot');
const RUN_AS_NON_ROOT = `!(${HAS_POD_NON_ROOT} && ${POD_NON_ROOT} == false) && ${CONTAINERS}.all(c, ${present('c', 'securityContext', 'runAsNonRoot')} ? c.securityContext.runAsNonRoot == true : (${HAS_POD_NON_ROOT} && ${POD_NON_ROOT} == true))`;

const RUN_AS_USER = `!(${present(SPEC, 'securityContext', 'runAsUser')} && ${SPEC}.securityContext.runAsUser == 0) && !${CONTAINERS}.exists(c, ${present('c', 'securityContext', 'runAsUser')} && c.securityContext.runAsUser == 0)`;

/** Keyed by `checkId@minVersion`, as the check's `versions` list names its implementations. */
export const PSS_CEL: Readonly<Record<string, string>> = {
  'privileged@v1.0': NOT_PRIVILEGED,
  'hostNamespaces@v1.0': NO_HOST_NAMESPACES,
  'hostPorts@v1.0': NO_HOST_PORTS,
  'hostPathVolumes@v1.0': NO_HOST_PATH,
  'capabilities_baseline@v1.0': CAPABILITIES_BASELINE,
  'procMount@v1.0': DEFAULT_PROC_MOUNT,
  'procMount@v1.35': unless(USER_NAMESPACE, DEFAULT_PROC_MOUNT),
  'procMount_restricted@v1.35': DEFAULT_PROC_MOUNT,
  'seLinuxOptions@v1.0': seLinux(TYPES_V1_0),
  'seLinuxOptions@v1.31': seLinux(TYPES_V1_31),
  'seccompProfile_baseline@v1.0': SECCOMP_ANNOTATIONS,
  'seccompProfile_baseline@v1.19': SECCOMP_BASELINE,
  'seccompProfile_restricted@v1.19': SECCOMP_RESTRICTED,
  'seccompProfile_restricted@v1.25': unless(WINDOWS, SECCOMP_RESTRICTED),
  'sysctls@v1.0': sysctls(SAFE_V1_0),
  'sysctls@v1.27': sysctls(SAFE_V1_27),
  'sysctls@v1.29': sysctls(SAFE_V1_29),
  'sysctls@v1.32': sysctls(SAFE_V1_32),
  'sysctls@v1.37': sysctls(SAFE_V1_37),
  'appArmorProfile@v1.0': APPARMOR,
  'windowsHostProcess@v1.0': HOST_PROCESS,
  'hostProbesAndHostLifecycle@v1.34': HOST_PROBES,
  'allowPrivilegeEscalation@v1.8': NO_ESCALATION,
  'allowPrivilegeEscalation@v1.25': unless(WINDOWS, NO_ESCALATION),
  'capabilities_restricted@v1.22': CAPABILITIES_RESTRICTED,
  'capabilities_restricted@v1.25': unless(WINDOWS, CAPABILITIES_RESTRICTED),
  'restrictedVolumes@v1.0': RESTRICTED_VOLUMES,
  'runAsNonRoot@v1.0': RUN_AS_NON_ROOT,
  'runAsNonRoot@v1.35': unless(USER_NAMESPACE, RUN_AS_NON_ROOT),
  'runAsUser@v1.23': RUN_AS_USER,
  'runAsUser@v1.35': unless(USER_NAMESPACE, RUN_AS_USER),
};
