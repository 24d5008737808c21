import { POD_CONTROLLER_KINDS } from '../../inventory/pod-specs.js';
import { CIS, NIST, NSA, OWASP } from '../../references/controls.js';
import { appContainer, webDeployment } from '../examples.js';
import { describeContainer, securityContextOf } from '../helpers.js';
import { isWindowsPod } from '../pss/pod-fields.js';
import { containerPath, type PodRule } from '../types.js';

/** A writable root filesystem lets an intruder drop tools and persist changes inside the container. */
export const writableRootFilesystem: PodRule = {
  meta: {
    id: 'PP-WL-002',
    title: 'Writable root filesystem',
    chapter: 'workloads',
    severity: 'medium',
    recommendation: 'Run containers with a read-only root filesystem.',
    rationale:
      'With a writable root filesystem an attacker who gets code execution can download tools, modify binaries and configuration, and keep them for the life of the container; a read-only root leaves only the volumes you chose as writable.',
    remediation:
      'Set `securityContext.readOnlyRootFilesystem: true` on each container and mount an `emptyDir` at the paths it must write (e.g. /tmp, caches).',
    references: [NSA.immutableFs, OWASP.nonRoot, CIS.securityContext, NIST.runtimeConfiguration],
    appliesTo: POD_CONTROLLER_KINDS,
    examples: {
      fail: webDeployment({ containers: appContainer('nginx:1.27') }),
      pass: webDeployment({
        containers: appContainer(
          'nginx:1.27',
          'securityContext: {readOnlyRootFilesystem: true}',
          'volumeMounts: [{name: tmp, mountPath: /tmp}]',
        ),
        podFieldsAfter: ['volumes: [{name: tmp, emptyDir: {}}]'],
      }),
    },
  },
  target: 'pod',
  *check(pod) {
    if (isWindowsPod(pod.template.spec)) return; // not supported for Windows containers
    for (const container of pod.containers) {
      if (securityContextOf(container).readOnlyRootFilesystem === true) continue;
      yield {
        path: containerPath(pod, container, 'securityContext', 'readOnlyRootFilesystem'),
        message: `${describeContainer(pod, container)} has a writable root filesystem; set \`securityContext.readOnlyRootFilesystem: true\` and mount an emptyDir where it must write`,
      };
    }
  },
};
