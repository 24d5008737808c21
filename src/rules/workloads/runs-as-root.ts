import { namespaceOf } from '../../inventory/inventory.js';
import { POD_CONTROLLER_KINDS } from '../../inventory/pod-specs.js';
import { describeResource } from '../../inventory/resource.js';
import { CIS, NIST, NSA, OWASP } from '../../references/controls.js';
import { appContainer, BASELINE_SHOP, webDeployment, yamlDocuments } from '../examples.js';
import { asRecord, describeContainer, securityContextOf } from '../helpers.js';
import { pssChecksJudging } from '../pod-security/settings.js';
import { isWindowsPod } from '../pss/pod-fields.js';
import { containerPath, type PodRule, specPath } from '../types.js';

/**
 * Root in a container is root on the node's kernel, one bug away from the host. The explicit `runAsUser: 0` is a
 * decision to run as root (high); leaving both runAsUser and runAsNonRoot unset hands the choice to the image,
 * which for most images means root (medium). A container's own setting overrides the pod's. Where Pod Security
 * judges the pod at restricted, PP-PSS-016 (runAsUser, high like the explicit root here) and PP-PSS-015
 * (runAsNonRoot) report these, and this rule stays silent for what they judge.
 */
export const runsAsRoot: PodRule = {
  meta: {
    id: 'PP-WL-001',
    title: 'Runs as root',
    chapter: 'workloads',
    severity: 'medium',
    recommendation:
      'Run every container as a non-root user: set runAsNonRoot: true and a non-zero runAsUser.',
    rationale:
      "A process running as UID 0 keeps root's file permissions over everything it can reach and needs only one kernel or runtime flaw to become root on the node; the image's USER is often root, so not choosing is choosing root. Where Pod Security holds the namespace to restricted, its runAsNonRoot and runAsUser checks (PP-PSS-015, PP-PSS-016) report this instead, so it is reported once.",
    remediation:
      'Set `securityContext.runAsNonRoot: true` and a non-zero `runAsUser` (e.g. 10001) on the pod, and remove any `runAsUser: 0`; build the image with a numeric non-root USER.',
    references: [CIS.root, NSA.nonRoot, OWASP.nonRoot, NIST.runtimeConfiguration],
    appliesTo: POD_CONTROLLER_KINDS,
    examples: {
      fail: yamlDocuments(
        BASELINE_SHOP,
        webDeployment({ containers: appContainer('nginx:1.27', 'securityContext: {runAsUser: 0}') }),
      ),
      pass: yamlDocuments(
        BASELINE_SHOP,
        webDeployment({
          podFields: ['securityContext: {runAsNonRoot: true, runAsUser: 10001}'],
          containers: appContainer('nginxinc/nginx-unprivileged:1.27'),
        }),
      ),
    },
  },
  target: 'pod',
  *check(pod, context) {
    if (isWindowsPod(pod.template.spec)) return; // Windows containers use windowsOptions.runAsUserName
    // At restricted, Pod Security's runAsUser (PP-PSS-016) and runAsNonRoot (PP-PSS-015) report these
    const judging = pssChecksJudging(context.pss(namespaceOf(pod.resource)));
    const reportRoot = !judging.has('runAsUser');
    const reportImageUser = !judging.has('runAsNonRoot');
    if (!reportRoot && !reportImageUser) return;
    const podContext = asRecord(pod.template.spec.securityContext) ?? {};
    const podUser = typeof podContext.runAsUser === 'number' ? podContext.runAsUser : undefined;
    const podNonRoot = typeof podContext.runAsNonRoot === 'boolean' ? podContext.runAsNonRoot : undefined;
    const inheritRoot: string[] = [];
    for (const container of pod.containers) {
      const context = securityContextOf(container);
      const ownUser = typeof context.runAsUser === 'number' ? context.runAsUser : undefined;
      const user = ownUser ?? podUser;
      if (user === 0) {
        if (!reportRoot) continue;
        if (ownUser === 0) {
          yield {
            path: containerPath(pod, container, 'securityContext', 'runAsUser'),
            message: `${describeContainer(pod, container)} sets runAsUser: 0 and runs as root; set \`securityContext.runAsUser\` to a non-zero UID and \`runAsNonRoot: true\``,
            severity: 'high',
          };
        } else inheritRoot.push(`\`${container.name}\``);
        continue;
      }
      if (user !== undefined || !reportImageUser) continue;
      const nonRoot = typeof context.runAsNonRoot === 'boolean' ? context.runAsNonRoot : podNonRoot;
      if (nonRoot === true) continue;
      yield {
        path: containerPath(pod, container, 'securityContext', 'runAsNonRoot'),
        message: `${describeContainer(pod, container)} does not set runAsNonRoot: true or a non-zero runAsUser, so it runs as whatever user the image declares (root for most images); set \`securityContext.runAsNonRoot: true\` on the pod or the container`,
      };
    }
    if (inheritRoot.length > 0) {
      const who = inheritRoot.length === 1 ? 'container' : 'containers';
      const verb = inheritRoot.length === 1 ? 'runs' : 'run';
      yield {
        path: specPath(pod, 'securityContext', 'runAsUser'),
        message: `${describeResource(pod.resource)} sets runAsUser: 0 in its pod securityContext, so ${who} ${inheritRoot.join(', ')} ${verb} as root; set the pod's \`securityContext.runAsUser\` to a non-zero UID and \`runAsNonRoot: true\``,
        severity: 'high',
      };
    }
  },
};
