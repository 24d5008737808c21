import { POD_CONTROLLER_KINDS } from '../../inventory/pod-specs.js';
import { CIS, NIST, NSA } from '../../references/controls.js';
import { webDeployment } from '../examples.js';
import { asRecord, describeContainer, securityContextOf } from '../helpers.js';
import { isWindowsPod } from '../pss/pod-fields.js';
import { containerPath, type PodRule } from '../types.js';

/** The beta annotation that set a container's AppArmor profile before the securityContext field (1.30). */
const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

/**
 * Mandatory access control declared in the manifest: an AppArmor profile (pod or container field, or the beta
 * annotation) or SELinux options. Any declared profile counts here; PP-PSS-010 reports an Unconfined one.
 */
export const noAppArmorOrSeLinux: PodRule = {
  meta: {
    id: 'PP-WL-004',
    title: 'No AppArmor or SELinux hardening',
    chapter: 'workloads',
    severity: 'info',
    recommendation: 'Declare an AppArmor profile (or SELinux options on SELinux nodes) for every container.',
    rationale:
      'AppArmor and SELinux confine what a process may touch even when it runs as root or escapes its namespaces; when the manifest declares nothing, the confinement depends on how each node happens to be set up, and many edge distributions ship with neither enabled.',
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
    for (const container of pod.containers) {
      const context = securityContextOf(container);
      if (asRecord(context.appArmorProfile) || asRecord(context.seLinuxOptions)) continue;
      if (typeof annotations[`${APPARMOR_ANNOTATION}${container.name}`] === 'string') continue;
      yield {
        path: containerPath(pod, container, 'securityContext', 'appArmorProfile'),
        message: `${describeContainer(pod, container)} declares no AppArmor profile or SELinux options, so its confinement depends on the node; set \`securityContext.appArmorProfile.type: RuntimeDefault\` (or \`seLinuxOptions\` on SELinux nodes)`,
      };
    }
  },
};
