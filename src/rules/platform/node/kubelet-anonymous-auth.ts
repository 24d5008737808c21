import { CIS_NODE, HOST_ACCESS } from '../../../references/controls.js';
import type { ObjectRule } from '../../types.js';
import { expectSetting, factExample, isFalse } from './settings.js';

export const kubeletAnonymousAuth: ObjectRule = {
  meta: {
    id: 'PP-NODE-005',
    title: 'Kubelet accepts anonymous requests',
    chapter: 'platform',
    severity: 'high',
    recommendation: "Set the kubelet's `authentication.anonymous.enabled: false`.",
    rationale:
      'The kubelet API (port 10250) runs commands in containers, reads their logs and lists pods. With anonymous requests allowed, whatever authorization permits for `system:anonymous` is open to anyone who reaches the node; with AlwaysAllow authorization that is everything.',
    remediation:
      'Set `authentication.anonymous.enabled: false` in the kubelet configuration file and remove `--anonymous-auth=true` from its flags or `kubelet-arg`.',
    references: [CIS_NODE.kubeletAnonymousAuth, HOST_ACCESS.hostHardening],
    appliesTo: ['Kubelet'],
    facts: ['node', 'cluster'],
    examples: {
      fail: factExample(
        'Kubelet',
        'kubelet',
        `
settings: {authentication.anonymous.enabled: 'true'}
`,
      ),
      pass: factExample(
        'Kubelet',
        'kubelet',
        `
settings: {authentication.anonymous.enabled: 'false'}
`,
      ),
    },
  },
  target: 'object',
  check: (resource) =>
    expectSetting(resource, {
      name: 'authentication.anonymous.enabled',
      fallback: 'true',
      ok: isFalse,
      problem: 'the kubelet accepts anonymous requests',
    }),
};
