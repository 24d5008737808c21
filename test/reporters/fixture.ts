/** A small hand-made scan report exercising every reporter feature. */
import {
  type Finding,
  fingerprintOf,
  type ResourceRef,
  type RuleSummary,
  type ScanReport,
} from '../../src/findings/finding.js';
import type { Severity } from '../../src/findings/severity.js';

export const web: ResourceRef = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  name: 'web',
  namespace: 'shop',
  file: 'examples/edge-cluster/shop/web.yaml',
  line: 12,
  column: 1,
  helmSource: 'shop/templates/web.yaml',
};
export const webService: ResourceRef = {
  apiVersion: 'v1',
  kind: 'Service',
  name: 'web',
  namespace: 'shop',
  file: 'examples/edge-cluster/shop/web.yaml',
  line: 40,
  column: 1,
};
export const adminRole: ResourceRef = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  name: 'admin-all',
  namespace: '',
  file: 'examples/edge-cluster/rbac.yaml',
  line: 1,
  column: 1,
};
/** Read from a cluster: no file. */
export const agentPod: ResourceRef = {
  apiVersion: 'v1',
  kind: 'Pod',
  name: 'agent',
  namespace: 'kube-system',
  uid: '0b6f7c1e-0000-4000-8000-000000000001',
};

export const rules: RuleSummary[] = [
  rule('PSS-PRIVILEGED', 'Privileged containers', 'critical', ['Deployment', 'Pod']),
  rule('PSS-HOST-PATH', 'hostPath volumes', 'high', ['Deployment', 'Pod']),
  rule('PSS-HOST-NETWORK', 'Host namespaces (hostNetwork)', 'high', ['Deployment', 'Pod']),
  rule('RBAC-WILDCARD', 'Wildcard RBAC verbs', 'medium', ['ClusterRole', 'Role']),
  rule('NET-NODEPORT', 'NodePort services', 'low', ['Service']),
  rule('OPS-NO-LABELS', 'Missing ownership labels', 'info', ['*']),
];

function rule(id: string, title: string, severity: Severity, appliesTo: string[]): RuleSummary {
  return {
    id,
    title,
    chapter: id.startsWith('PSS') ? 'workloads' : id.startsWith('RBAC') ? 'platform' : 'operations',
    severity,
    recommendation: `Avoid ${title.toLowerCase()}.`,
    remediation: `Remove ${title.toLowerCase()} from the manifest.`,
    references: [
      { framework: 'CIS', id: '5.2.2', title: 'Minimize privileged containers' },
      { framework: 'PSS', id: 'privileged' },
    ],
    appliesTo,
  };
}

function finding(
  ruleId: string,
  resource: ResourceRef,
  path: string,
  message: string,
  at: { line?: number; column?: number },
  extra: Partial<Finding> = {},
): Finding {
  const r = rules.find((x) => x.id === ruleId);
  if (!r) throw new Error(`fixture: no rule ${ruleId}`);
  return {
    ruleId,
    title: r.title,
    severity: r.severity,
    chapter: r.chapter,
    resource: { ...resource, line: at.line, column: at.column },
    path,
    message,
    remediation: r.remediation,
    references: r.references,
    fingerprint: fingerprintOf(ruleId, resource, path),
    ...extra,
  };
}

export const findings: Finding[] = [
  finding('NET-NODEPORT', webService, 'spec.type', 'Service `shop/web` is exposed on every node', {
    line: 44,
    column: 9,
  }),
  finding(
    'PSS-PRIVILEGED',
    web,
    'spec.template.spec.containers[0].securityContext.privileged',
    'Container "web" runs privileged',
    { line: 27, column: 13 },
  ),
  finding(
    'PSS-HOST-PATH',
    web,
    'spec.template.spec.volumes[0].hostPath',
    'Volume "data" mounts the host path /var/lib',
    {
      line: 33,
      column: 11,
    },
  ),
  finding('RBAC-WILDCARD', adminRole, 'rules[0].verbs', `ClusterRole grants "*" on <all> & 'everything'`, {
    line: 6,
    column: 12,
  }),
  finding('OPS-NO-LABELS', agentPod, 'metadata.labels', 'Pod `kube-system/agent` has no owner label', {}),
  finding(
    'PSS-HOST-NETWORK',
    agentPod,
    'spec.hostNetwork',
    'Pod `kube-system/agent` uses the host network',
    {},
    { suppressed: { reason: 'CNI agent needs the host network', expires: '2030-01-01' } },
  ),
];

export const report: ScanReport = {
  tool: { name: 'parapet', version: '0.1.0' },
  findings,
  notes: [
    { level: 'info', message: 'Rule OPS-EXAMPLE is turned off by policy' },
    {
      level: 'error',
      message: 'Cannot parse YAML: unexpected end of stream',
      file: 'examples/broken.yaml',
      line: 3,
      column: 5,
    },
    {
      level: 'warning',
      message: 'Skipped a document without kind',
      file: 'examples/edge-cluster/misc.yaml',
      line: 1,
    },
  ],
  rules,
  resources: [web, webService, adminRole, agentPod],
  unusedExceptions: [{ rule: 'PSS-HOST-PID', reason: 'legacy monitoring agent' }],
};

/** The same scan with nothing found. */
export const cleanReport: ScanReport = { ...report, findings: [], notes: [], unusedExceptions: [] };
