/**
 * One parapet rule per Pod Security Admission check. The checks themselves (exact, versioned) live in
 * rules/pss/; these rules judge each pod at the level that applies to its namespace and turn the check's
 * violations into findings at the offending fields. Baseline checks rank above restricted-only ones, and keep
 * their rank at restricted: a baseline check that a restricted one replaces still reports what it finds there,
 * and the restricted rule only the rest (evaluatePodLayered).
 */
import type { Severity } from '../../findings/severity.js';
import { type FieldPath, valueAt } from '../../inventory/field-path.js';
import { namespaceOf } from '../../inventory/inventory.js';
import { POD_CONTROLLER_KINDS } from '../../inventory/pod-specs.js';
import { CIS, MS_TMK, NIST, NSA, OWASP, pssControl } from '../../references/controls.js';
import type { Reference } from '../../references/frameworks.js';
import { asArray, asRecord, mountsOf } from '../helpers.js';
import { evaluatePodLayered, type PssResult } from '../pss/evaluate.js';
import type { PodRule, PodUnderCheck, RuleContext } from '../types.js';

interface PssRuleSpec {
  id: string;
  check: string;
  title: string;
  severity: Severity;
  recommendation: string;
  remediation: string;
  /** Controls every violation of the check breaks. */
  references: Reference[];
  /**
   * Controls that only some offending fields break (CIS has one control per host namespace): `all` of them for
   * the catalog, and `of` a field (its path in the pod, its value, and the pod) for a finding, which cites those of
   * its own fields only.
   */
  byField?: { all: Reference[]; of: (path: FieldPath, value: unknown, pod: PodUnderCheck) => Reference[] };
}

const COMMON: Reference[] = [NSA.podSecurity, OWASP.podSecurity];

/** Ordered as Pod Security Admission lists them: baseline first, then restricted. */
const SPECS: PssRuleSpec[] = [
  {
    id: 'PP-PSS-001',
    check: 'privileged',
    title: 'Privileged container',
    severity: 'critical',
    recommendation: 'Run no privileged containers: they have every capability and all host devices.',
    remediation:
      'Remove `securityContext.privileged: true`; grant only the specific capability the container needs.',
    references: [CIS.privileged, MS_TMK.privilegedContainer, NIST.runtimeConfiguration],
  },
  {
    id: 'PP-PSS-002',
    check: 'hostNamespaces',
    title: 'Host namespaces shared',
    severity: 'high',
    recommendation: 'Do not share the host network, PID or IPC namespace with pods.',
    remediation:
      'Remove `hostNetwork`, `hostPID` and `hostIPC` (or set them to false); expose ports through a Service.',
    references: [NIST.sharedKernel],
    byField: {
      all: [CIS.hostPID, CIS.hostIPC, CIS.hostNetwork],
      of: (path) => {
        const field = path[path.length - 1];
        return field === 'hostPID' ? [CIS.hostPID] : field === 'hostIPC' ? [CIS.hostIPC] : [CIS.hostNetwork];
      },
    },
  },
  {
    id: 'PP-PSS-003',
    check: 'hostPorts',
    title: 'Host ports',
    severity: 'high',
    recommendation: 'Do not bind container ports to host ports.',
    remediation:
      'Remove `hostPort` from the container ports; use a Service (NodePort/LoadBalancer) or an Ingress.',
    references: [CIS.hostPorts, NIST.unboundedNetwork],
  },
  {
    id: 'PP-PSS-004',
    check: 'hostPathVolumes',
    title: 'hostPath volume',
    severity: 'high',
    recommendation: 'Do not mount directories of the node into pods.',
    remediation:
      'Replace the hostPath volume with a PersistentVolumeClaim, emptyDir, ConfigMap or CSI volume.',
    references: [CIS.hostPath, MS_TMK.hostPathMount, NIST.hostFsTampering],
    byField: {
      all: [MS_TMK.writableHostPath],
      // spec.volumes[i].hostPath: MS-TA9013 is about a volume some container mounts writable
      of: (path, _value, pod) => {
        const volume = asRecord(asArray(pod.template.spec.volumes)[path[2] as number]);
        const name = typeof volume?.name === 'string' ? volume.name : undefined;
        return name !== undefined && mountsOf(pod, name).writable.length > 0 ? [MS_TMK.writableHostPath] : [];
      },
    },
  },
  {
    id: 'PP-PSS-005',
    check: 'capabilities_baseline',
    title: 'Non-default capabilities added',
    severity: 'high',
    recommendation: 'Add no Linux capabilities beyond the container runtime default set.',
    remediation: 'Remove the extra entries from `securityContext.capabilities.add`.',
    references: [CIS.addedCapabilities, NIST.runtimeConfiguration],
    byField: { all: [CIS.netRaw], of: (_path, value) => (isNetRaw(value) ? [CIS.netRaw] : []) },
  },
  {
    id: 'PP-PSS-006',
    check: 'procMount',
    title: 'Unmasked /proc mount',
    severity: 'high',
    recommendation: 'Keep the default masked /proc mount.',
    remediation: 'Remove `securityContext.procMount` or set it to `Default`.',
    references: [NIST.runtimeConfiguration],
  },
  {
    id: 'PP-PSS-007',
    check: 'seLinuxOptions',
    title: 'Custom SELinux user, role or type',
    severity: 'high',
    recommendation: 'Do not set a custom SELinux user or role, nor a type outside the container types.',
    remediation: 'Remove `seLinuxOptions.user`/`role`; use a container type such as `container_t` or none.',
    references: [CIS.securityContext, NIST.runtimeConfiguration],
  },
  {
    id: 'PP-PSS-008',
    check: 'seccompProfile_baseline',
    title: 'Seccomp explicitly disabled',
    severity: 'high',
    recommendation: 'Never set the seccomp profile to Unconfined.',
    remediation: 'Set `securityContext.seccompProfile.type: RuntimeDefault` (or a Localhost profile).',
    references: [CIS.seccomp, NIST.runtimeConfiguration],
  },
  {
    id: 'PP-PSS-009',
    check: 'sysctls',
    title: 'Unsafe sysctls',
    severity: 'high',
    recommendation: 'Set only the namespaced sysctls that Pod Security allows.',
    remediation: 'Remove the sysctl from `spec.securityContext.sysctls`, or set it on the node instead.',
    references: [NIST.sharedKernel],
  },
  {
    id: 'PP-PSS-010',
    check: 'appArmorProfile',
    title: 'AppArmor disabled',
    severity: 'high',
    recommendation: 'Never run containers unconfined by AppArmor.',
    remediation: 'Set `securityContext.appArmorProfile.type: RuntimeDefault` (or a Localhost profile).',
    references: [NIST.runtimeConfiguration],
  },
  {
    id: 'PP-PSS-011',
    check: 'windowsHostProcess',
    title: 'Windows HostProcess container',
    severity: 'critical',
    recommendation: 'Run no Windows HostProcess containers: they have full access to the node.',
    remediation: 'Remove `securityContext.windowsOptions.hostProcess: true`.',
    references: [CIS.windowsHostProcess, NIST.runtimeConfiguration],
  },
  {
    id: 'PP-PSS-012',
    check: 'hostProbesAndHostLifecycle',
    title: 'Probe or lifecycle hook aimed at another host',
    severity: 'high',
    recommendation: 'Point probes and lifecycle hooks at the pod itself, not at other hosts.',
    remediation: 'Remove the `host` field from httpGet/tcpSocket probes and lifecycle handlers.',
    references: [NIST.unboundedNetwork],
  },
  {
    id: 'PP-PSS-013',
    check: 'restrictedVolumes',
    title: 'Volume type outside the restricted set',
    severity: 'medium',
    recommendation:
      'Use only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret volumes.',
    remediation:
      'Move the data behind a PersistentVolumeClaim or a CSI driver instead of an inline volume type.',
    // hostPath volumes are PP-PSS-004's at every level, so CIS 5.2.12 (hostPath) is cited there
    references: [NIST.hostFsTampering],
  },
  {
    id: 'PP-PSS-014',
    check: 'allowPrivilegeEscalation',
    title: 'Privilege escalation allowed',
    severity: 'medium',
    recommendation: 'Set allowPrivilegeEscalation: false on every container.',
    remediation: 'Set `securityContext.allowPrivilegeEscalation: false` on each container.',
    references: [CIS.privilegeEscalation, NIST.runtimeConfiguration],
  },
  {
    id: 'PP-PSS-015',
    check: 'runAsNonRoot',
    title: 'Not required to run as non-root',
    severity: 'medium',
    recommendation: 'Require every container to run as a non-root user.',
    remediation:
      'Set `securityContext.runAsNonRoot: true` on the pod (and give the image a numeric non-root USER).',
    references: [CIS.root, NSA.nonRoot, OWASP.nonRoot, NIST.runtimeConfiguration],
  },
  {
    id: 'PP-PSS-016',
    check: 'runAsUser',
    title: 'Runs as UID 0',
    // A restricted check, but an explicit decision to run as root: high, as PP-WL-001 ranks it where this is silent
    severity: 'high',
    recommendation: 'Never set runAsUser to 0 (root).',
    remediation: 'Set `runAsUser` to a non-zero UID, or remove it and let the image choose a non-root user.',
    references: [CIS.root, NSA.nonRoot, OWASP.nonRoot],
  },
  {
    id: 'PP-PSS-017',
    check: 'seccompProfile_restricted',
    title: 'No seccomp profile',
    severity: 'medium',
    recommendation: 'Set the seccomp profile to RuntimeDefault or a Localhost profile for every container.',
    remediation: 'Set `spec.securityContext.seccompProfile.type: RuntimeDefault` on the pod.',
    references: [CIS.seccomp, NSA.hardenedContainers, NIST.runtimeConfiguration],
  },
  {
    id: 'PP-PSS-018',
    check: 'capabilities_restricted',
    title: 'Capabilities not dropped',
    severity: 'medium',
    recommendation: 'Drop ALL capabilities and add back at most NET_BIND_SERVICE.',
    remediation: 'Set `securityContext.capabilities.drop: ["ALL"]`; add only `NET_BIND_SERVICE` if needed.',
    references: [NIST.runtimeConfiguration],
    byField: {
      all: [CIS.assignedCapabilities, CIS.addedCapabilities, CIS.netRaw],
      // a missing drop of ALL keeps the runtime's default set, NET_RAW included; an entry of `add` adds one of
      // the default set (the others, NET_RAW among them, are PP-PSS-005's at every level)
      of: (path) =>
        path[path.length - 1] === 'drop' ? [CIS.assignedCapabilities, CIS.netRaw] : [CIS.addedCapabilities],
    },
  },
  {
    id: 'PP-PSS-019',
    check: 'procMount_restricted',
    title: 'Unmasked /proc mount (restricted)',
    severity: 'medium',
    recommendation: 'Keep the default masked /proc mount, also in pods with user namespaces.',
    remediation: 'Remove `securityContext.procMount` or set it to `Default`.',
    references: [NIST.runtimeConfiguration],
  },
];

/** Evaluations are shared by the PSS rules of one pod: the pod is judged once per level and version. */
const evaluations = new WeakMap<object, Map<string, PssResult>>();

function judge(pod: PodUnderCheck, level: 'baseline' | 'restricted', version: string): PssResult {
  let byLevel = evaluations.get(pod.template.spec);
  if (byLevel === undefined) {
    byLevel = new Map();
    evaluations.set(pod.template.spec, byLevel);
  }
  const key = `${level}@${version}`;
  let result = byLevel.get(key);
  if (result === undefined) {
    result = evaluatePodLayered(level, version, pod.template.metadata, pod.template.spec);
    byLevel.set(key, result);
  }
  return result;
}

/**
 * The references a finding cites: the check's own controls, plus those its offending fields break. One array per
 * combination, made once: findings share it (the JSON report encodes each distinct list once).
 */
function findingReferences(
  spec: PssRuleSpec,
  control: Reference,
): (pod: PodUnderCheck, paths: readonly FieldPath[]) => Reference[] {
  const all = spec.byField?.all ?? [];
  const byCombination = new Map<number, Reference[]>();
  return (pod, paths) => {
    let combination = 0;
    for (const path of paths) {
      const [head, ...rest] = path;
      const value = valueAt(head === 'metadata' ? pod.template.metadata : pod.template.spec, rest);
      for (const ref of spec.byField?.of(path, value, pod) ?? []) combination |= 1 << all.indexOf(ref);
    }
    let references = byCombination.get(combination);
    if (references === undefined) {
      references = [control, ...spec.references, ...all.filter((_, i) => combination & (1 << i)), ...COMMON];
      byCombination.set(combination, references);
    }
    return references;
  };
}

/** `NET_RAW`, as a capability may be written (`CAP_NET_RAW` too). */
function isNetRaw(value: unknown): boolean {
  return value === 'NET_RAW' || value === 'CAP_NET_RAW';
}

/** Maps a PSS path (from the pod: `spec...` or `metadata...`) onto the controller's template. */
function templatePath(pod: PodUnderCheck, path: FieldPath): FieldPath {
  const [head, ...rest] = path;
  const base = head === 'metadata' ? pod.template.metadataPath : pod.template.specPath;
  return [...base, ...rest];
}

function pssRule(spec: PssRuleSpec): PodRule {
  const control = pssControl(spec.check, spec.title);
  const referencesOf = spec.byField && findingReferences(spec, control);
  return {
    meta: {
      id: spec.id,
      title: spec.title,
      chapter: 'workloads',
      severity: spec.severity,
      recommendation: spec.recommendation,
      rationale:
        'Pod Security Standards are the Kubernetes project\u2019s own hardening levels; the book asks for restricted wherever the workload allows it. This rule judges exactly as the Pod Security Admission controller would, with one difference in ranking: where Pod Security at restricted replaces a baseline check by a stricter version, the baseline rule still reports what it finds, at its own severity, and the restricted rule only the rest, so no setting ranks lower at restricted than at baseline and none is reported twice.',
      remediation: spec.remediation,
      references: [control, ...spec.references, ...(spec.byField?.all ?? []), ...COMMON],
      appliesTo: POD_CONTROLLER_KINDS,
    },
    target: 'pod',
    *check(pod: PodUnderCheck, context: RuleContext) {
      const settings = context.pss(namespaceOf(pod.resource));
      if (settings.level === 'privileged') return;
      const result = judge(pod, settings.level, settings.version);
      for (const violation of result.violations) {
        if (violation.check !== spec.check) continue;
        const message = `${violation.reason}: ${violation.detail} (Pod Security ${settings.level} ${settings.version}, from ${settings.source})`;
        // One finding per check, as Pod Security Admission reports it: the detail names every offending
        // container or volume, and the finding points at the first of them.
        yield {
          path: templatePath(pod, violation.paths[0] ?? ['spec']),
          message,
          ...(referencesOf && { references: referencesOf(pod, violation.paths) }),
        };
      }
    },
  };
}

export const POD_SECURITY_RULES: readonly PodRule[] = SPECS.map(pssRule);
