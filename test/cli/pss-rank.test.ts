// `parapet scan` ranks the worst pod settings alike at `--pss-level baseline` and at the default restricted:
// Pod Security's replacement of baseline checks at restricted never lowers nor repeats a finding.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parapet } from '../helpers/cli.js';

const CONTEXT = 'allowPrivilegeEscalation: false, runAsNonRoot: true';
const pod = (name: string, podFields: string, securityContext: string) => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: shop}
spec:
${podFields}  containers:
    - name: app
      image: app:1
      securityContext: {${CONTEXT}, ${securityContext}}
      volumeMounts: [{name: data, mountPath: /data}]
  volumes: [{name: data, emptyDir: {}}]
`;

const PODS = [
  pod('etcd', '', 'capabilities: {drop: [ALL]}, seccompProfile: {type: RuntimeDefault}').replace(
    'emptyDir: {}',
    'hostPath: {path: /var/lib/etcd}',
  ),
  pod(
    'audit',
    '',
    'capabilities: {drop: [ALL], add: [AUDIT_CONTROL]}, seccompProfile: {type: RuntimeDefault}',
  ),
  pod('unconfined', '', 'capabilities: {drop: [ALL]}, seccompProfile: {type: Unconfined}'),
  pod(
    'unmasked',
    '',
    'procMount: Unmasked, capabilities: {drop: [ALL]}, seccompProfile: {type: RuntimeDefault}',
  ),
].join('');

function pssFindings(...flags: string[]): string[] {
  const result = parapet(
    ['scan', '-', '--format', 'json', '--fail-on', 'none', '--pss-version', 'v1.35', ...flags],
    {
      input: PODS,
    },
  );
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as {
    findings: { ruleId: string; severity: string; resource: { name: string } }[];
  };
  return report.findings
    .filter((f) => f.ruleId.startsWith('PP-PSS-'))
    .map((f) => `${f.resource.name} ${f.ruleId} ${f.severity}`)
    .sort();
}

it('the same Pod Security findings, one each, at --pss-level baseline and at restricted', () => {
  const expected = [
    'audit PP-PSS-005 high',
    'etcd PP-PSS-004 high',
    'unconfined PP-PSS-008 high',
    'unmasked PP-PSS-006 high',
  ];
  assert.deepEqual(pssFindings('--pss-level', 'baseline'), expected);
  assert.deepEqual(pssFindings(), expected);
});
