import { CIS_NODE, HOST_ACCESS } from '../../../references/controls.js';
import type { ObjectRule, Violation } from '../../types.js';
import { describeSetting, factExample, settingOf, settingPath } from './settings.js';

const NAME = 'authorization-mode';
/** kube-apiserver's own default when the flag is absent. */
const DEFAULT = 'AlwaysAllow';

export const apiserverAuthorizationMode: ObjectRule = {
  meta: {
    id: 'PP-NODE-002',
    title: 'API server authorization allows everything or lacks Node/RBAC',
    chapter: 'platform',
    severity: 'critical',
    recommendation: 'Run kube-apiserver with `--authorization-mode=Node,RBAC` (never AlwaysAllow).',
    rationale:
      "AlwaysAllow authorizes every authenticated request, so any credential (a node's, a pod's token) is cluster-admin. Without RBAC, Roles and bindings mean nothing; without the Node authorizer, a kubelet's credentials read every Secret in the cluster instead of those of its own pods, which matters most on edge nodes that stand where anyone can reach them.",
    remediation:
      'Set `--authorization-mode=Node,RBAC` in the kube-apiserver manifest (kubeadm) or in `kube-apiserver-arg` (k3s/RKE2, whose default already is Node,RBAC).',
    references: [
      CIS_NODE.authorizationNotAlwaysAllow,
      CIS_NODE.authorizationNode,
      CIS_NODE.authorizationRbac,
    ],
    appliesTo: ['KubeAPIServer'],
    facts: ['node', 'cluster'],
    examples: {
      fail: factExample(
        'KubeAPIServer',
        'apiserver',
        `
settings: {authorization-mode: AlwaysAllow}
`,
      ),
      pass: factExample(
        'KubeAPIServer',
        'apiserver',
        `
settings: {authorization-mode: 'Node,RBAC'}
`,
      ),
    },
  },
  target: 'object',
  *check(resource) {
    const modes = (settingOf(resource, NAME) ?? DEFAULT).split(',').map((m) => m.trim());
    const described = describeSetting(resource, NAME, DEFAULT);
    const violation = (
      message: string,
      problem: string,
      severity: Violation['severity'],
      ref: typeof CIS_NODE.authorizationNode,
    ): Violation => ({
      path: settingPath(NAME),
      message: `${message}: ${described}`,
      problem,
      severity,
      references: [ref, HOST_ACCESS.controlPlane],
    });
    if (modes.includes('AlwaysAllow'))
      yield violation(
        'kube-apiserver authorizes every request',
        'AlwaysAllow',
        'critical',
        CIS_NODE.authorizationNotAlwaysAllow,
      );
    if (!modes.includes('RBAC'))
      yield violation('kube-apiserver does not use RBAC', 'RBAC', 'high', CIS_NODE.authorizationRbac);
    if (!modes.includes('Node'))
      yield violation(
        'kube-apiserver does not restrict kubelets with the Node authorizer',
        'Node',
        'medium',
        CIS_NODE.authorizationNode,
      );
  },
};
