import { POD_CONTROLLER_KINDS } from '../../inventory/pod-specs.js';
import { CIS, NIST, NSA } from '../../references/controls.js';
import { webDeployment } from '../examples.js';
import { asArray, asRecord, describeContainer, securityContextOf } from '../helpers.js';
import { validSeccompType } from '../pss/checks/seccompProfile_baseline.js';
import { isWindowsPod } from '../pss/pod-fields.js';
import { containerPath, type PodRule } from '../types.js';

/** The beta annotation that set a container's AppArmor profile before the securityContext field (1.30). */
export const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

/** Confined by seccomp (its own profile, else the pod's: RuntimeDefault or Localhost) and dropping ALL capabilities. */
function seccompAndNoCapabilities(
  context: Record<string, unknown>,
  podSeccomp: Record<string, unknown> | undefined,
): boolean {
  const profile = asRecord(context.seccompProfile) ?? podSeccomp;
  const type = profile?.type;
  return (
    typeof type === 'string' &&
    validSeccompType(type) &&
    asArray(asRecord(context.capabilities)?.drop).includes('ALL')
  );
}

/**
 * Mandatory access control declared in the manifest: an AppArmor profile (pod or container field, or the beta
 * annotation) or SELinux options. Any declared profile counts here; PP-PSS-010 reports an Unconfined one. A
 * container already confined by a seccomp filter (RuntimeDefault or Localhost) with every capability dropped
 * is left alone: that is the hardening Pod Security restricted asks for, and most of what a MAC profile would add.
 */
export const noAppArmorOrSeLinux: PodRule = {
  meta: {
    id: 'PP-WL-004',
    title: 'No AppArmor or SELinux hardening',
    chapter: 'workloads',
    severity: 'info',
    recommendation: 'Declare an AppArmor profile (or SELinux options on SELinux nodes) for every container.',
    rationale:
      'AppArmor and SELinux confine what a process may touch even when it runs as root or escapes its namespaces; when the manifest declares nothing, the confinement depends on how each node happens to be set up, and many edge distributions ship with neither enabled. Containers that run under a seccomp filter (RuntimeDefault or Localhost) with `capabilities.drop: [ALL]` are not reported: with the system calls that most escapes need filtered and no capability left, a MAC profile adds little, and hardened vendor manifests that do exactly this would otherwise be reported on every container.',
    remediation:
      'Set `spec.securityContext.appArmorProfile.type: RuntimeDefault` (or a `Localhost` profile), or `seLinuxOptions` with a container type such as `container_t` on SELinux nodes.',
    references: [NSA.hardenedContainers, CIS.securityContext, NIST.runtimeConfiguration],
    appliesTo: POD_CONTROLLER_KINDS,
    examples: {
      fail: webDeployment({ containers: ['- {name: app, image: nginx:1.27}'] }),
      pass: webDeployment({
        podFields: ['securityContext:', '  appArmorProfile: {type: RuntimeDefault}'],
        containers: ['- {name: app, image: nginx:1.27}'],
      }),
    },
  },
  target: 'pod',
  *check(pod) {
    const { spec, metadata } = pod.template;
    if (isWindowsPod(spec)) return;
    const podContext = asRecord(spec.securityContext);
    if (asRecord(podContext?.appArmorProfile) || asRecord(podContext?.seLinuxOptions)) return;
    const annotations = asRecord(metadata.annotations) ?? {};
    const podSeccomp = asRecord(podContext?.seccompProfile);
    for (const container of pod.containers) {
      const context = securityContextOf(container);
      if (asRecord(context.appArmorProfile) || asRecord(context.seLinuxOptions)) continue;
      if (typeof annotations[`${APPARMOR_ANNOTATION}${container.name}`] === 'string') continue;
      if (seccompAndNoCapabilities(context, podSeccomp)) continue;
      yield {
        path: containerPath(pod, container, 'securityContext', 'appArmorProfile'),
        message: `${describeContainer(pod, container)} declares no AppArmor profile or SELinux options, so its confinement depends on the node; set \`securityContext.appArmorProfile.type: RuntimeDefault\` (or \`seLinuxOptions\` on SELinux nodes)`,
      };
    }
  },
};
