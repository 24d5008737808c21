import { CIS_NODE, NSA } from '../../../references/controls.js';
import type { ObjectRule } from '../../types.js';
import { factExample, settingOf, settingPath } from './settings.js';

export const auditLog: ObjectRule = {
  meta: {
    id: 'PP-NODE-008',
    title: 'API server writes no audit log',
    chapter: 'platform',
    severity: 'medium',
    recommendation: 'Run kube-apiserver with `--audit-log-path` and `--audit-policy-file`.',
    rationale:
      "Without an audit log nobody can tell afterwards who read a Secret, exec'd into a pod or changed a binding. The log path alone records nothing: the API server logs only what an audit policy selects.",
    remediation:
      'Write an audit Policy (Metadata for Secrets and ConfigMaps, RequestResponse for RBAC changes), mount it and the log directory into the kube-apiserver pod, and set `--audit-policy-file` and `--audit-log-path` (k3s/RKE2: in `kube-apiserver-arg`; RKE2 writes a default policy to /etc/rancher/rke2/audit-policy.yaml).',
    references: [CIS_NODE.auditLogPath, CIS_NODE.auditPolicy, NSA.auditLogging],
    appliesTo: ['KubeAPIServer'],
    facts: ['node', 'cluster'],
    examples: {
      fail: factExample(
        'KubeAPIServer',
        'apiserver',
        `
settings: {audit-log-path: /var/log/kubernetes/audit.log}
`,
      ),
      pass: factExample(
        'KubeAPIServer',
        'apiserver',
        `
settings: {audit-log-path: /var/log/kubernetes/audit.log, audit-policy-file: /etc/kubernetes/audit-policy.yaml}
`,
      ),
    },
  },
  target: 'object',
  *check(resource) {
    if (
      settingOf(resource, 'audit-log-path') === undefined &&
      settingOf(resource, 'audit-webhook-config-file') === undefined
    )
      yield {
        path: settingPath('audit-log-path'),
        message:
          'kube-apiserver keeps no audit log: neither `--audit-log-path` nor `--audit-webhook-config-file` is set',
        problem: 'log',
        references: [CIS_NODE.auditLogPath, NSA.auditLogging],
      };
    if (settingOf(resource, 'audit-policy-file') === undefined)
      yield {
        path: settingPath('audit-policy-file'),
        message:
          'kube-apiserver has no audit policy (`--audit-policy-file` is not set), so no event is recorded',
        problem: 'policy',
        references: [CIS_NODE.auditPolicy, NSA.auditLogging],
      };
  },
};
