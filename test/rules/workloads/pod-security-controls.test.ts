// The Pod Security rules are proven against Pod Security Admission's own fixtures (test/pss). These tables hold
// what parapet adds: a finding cites only the CIS controls its offending fields break.

import { webPod } from '../../../src/rules/examples.js';
import { POD_SECURITY_RULES } from '../../../src/rules/pod-security/rules.js';
import type { Rule } from '../../../src/rules/types.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const rule = (id: string): Rule => POD_SECURITY_RULES.find((r) => r.meta.id === id) as Rule;
const app = (...fields: string[]) => ['- name: app', '  image: app:1', ...fields.map((f) => `  ${f}`)];

ruleTester(rule('PP-PSS-002'), {
  valid: [{ name: 'no host namespace', yaml: webPod({ containers: app() }) }],
  invalid: [
    {
      name: 'hostNetwork alone breaks CIS 5.2.5 only',
      yaml: webPod({ podFields: ['hostNetwork: true'], containers: app() }),
      errors: [{ message: /^host namespaces: hostNetwork=true/, path: 'spec.hostNetwork', cis: ['5.2.5'] }],
    },
    {
      name: 'hostPID and hostIPC break 5.2.3 and 5.2.4, in the catalog order',
      yaml: webPod({ podFields: ['hostIPC: true', 'hostPID: true'], containers: app() }),
      errors: [{ message: /hostPID=true, hostIPC=true/, path: 'spec.hostPID', cis: ['5.2.3', '5.2.4'] }],
    },
  ],
});

const BASELINE_SHOP =
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {pod-security.kubernetes.io/enforce: baseline}}\n---\n';

ruleTester(rule('PP-PSS-005'), {
  valid: [
    {
      name: 'a capability in the default set',
      yaml: BASELINE_SHOP + webPod({ containers: app('securityContext: {capabilities: {add: [CHOWN]}}') }),
    },
  ],
  invalid: [
    {
      name: 'at baseline, an added capability other than NET_RAW breaks 5.2.9, not 5.2.8',
      yaml:
        BASELINE_SHOP + webPod({ containers: app('securityContext: {capabilities: {add: [SYS_ADMIN]}}') }),
      errors: [{ message: /SYS_ADMIN/, cis: ['5.2.9'] }],
    },
    {
      name: 'adding NET_RAW breaks 5.2.8 too',
      yaml:
        BASELINE_SHOP +
        webPod({ containers: app('securityContext: {capabilities: {add: [SYS_ADMIN, NET_RAW]}}') }),
      errors: [{ message: /NET_RAW/, cis: ['5.2.9', '5.2.8'] }],
    },
  ],
});

ruleTester(rule('PP-PSS-018'), {
  valid: [
    {
      name: 'ALL dropped, NET_BIND_SERVICE added back',
      yaml: webPod({
        containers: app('securityContext: {capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}'),
      }),
    },
  ],
  invalid: [
    {
      name: 'not dropping ALL keeps capabilities, NET_RAW among them: 5.2.10 and 5.2.8',
      yaml: webPod({ containers: app() }),
      errors: [{ message: /must set securityContext.capabilities.drop=\["ALL"\]/, cis: ['5.2.10', '5.2.8'] }],
    },
    {
      name: 'ALL dropped but CHOWN (of the default set) added back: 5.2.9 only',
      yaml: webPod({ containers: app('securityContext: {capabilities: {drop: [ALL], add: [CHOWN]}}') }),
      errors: [{ message: /must not include "CHOWN"/, cis: ['5.2.9'] }],
    },
  ],
});

ruleTester(rule('PP-PSS-013'), {
  valid: [
    {
      name: 'an emptyDir',
      yaml: webPod({ podFields: ['volumes: [{name: tmp, emptyDir: {}}]'], containers: app() }),
    },
  ],
  invalid: [
    {
      name: "an NFS volume is outside the restricted set (hostPath volumes, and CIS 5.2.12, are PP-PSS-004's)",
      yaml: webPod({
        podFields: ['volumes: [{name: data, nfs: {server: nas, path: /data}}]'],
        containers: app(),
      }),
      errors: [{ message: /"data" uses restricted volume type "nfs"/, cis: [] }],
    },
  ],
});

ruleTester(rule('PP-PSS-004'), {
  valid: [{ name: 'no hostPath', yaml: BASELINE_SHOP + webPod({ containers: app() }) }],
  invalid: [
    {
      name: 'a hostPath every container mounts read-only is no writable hostPath mount (MS-TA9013)',
      yaml:
        BASELINE_SHOP +
        webPod({
          podFields: ['volumes: [{name: logs, hostPath: {path: /var/log}}]'],
          containers: app('volumeMounts: [{name: logs, mountPath: /logs, readOnly: true}]'),
        }),
      errors: [{ message: /hostPath volumes: volume "logs"/, cis: ['5.2.12'], mitre: ['MS-TA9020'] }],
    },
    {
      name: 'mounted writable, it is',
      yaml:
        BASELINE_SHOP +
        webPod({
          podFields: ['volumes: [{name: logs, hostPath: {path: /var/log}}]'],
          containers: app('volumeMounts: [{name: logs, mountPath: /logs}]'),
        }),
      errors: [{ message: /hostPath volumes: volume "logs"/, mitre: ['MS-TA9020', 'MS-TA9013'] }],
    },
  ],
});
