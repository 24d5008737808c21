import { CIS_NODE } from '../../../references/controls.js';
import type { ObjectRule } from '../../types.js';
import { expectSetting, factExample } from './settings.js';

export const kubeletReadOnlyPort: ObjectRule = {
  meta: {
    id: 'PP-NODE-004',
    title: 'Kubelet serves its unauthenticated read-only port',
    chapter: 'platform',
    severity: 'medium',
    recommendation: "Set the kubelet's `readOnlyPort: 0`.",
    rationale:
      'The read-only port (10255) answers without authentication or authorization: pod specs with their environment, node and container metrics. On an edge node in a shop, anyone on the local network reads them.',
    remediation:
      "Set `readOnlyPort: 0` in the kubelet configuration file (the default when one is used), and remove `--read-only-port` from the kubelet's flags or `kubelet-arg`.",
    references: [CIS_NODE.kubeletReadOnlyPort],
    appliesTo: ['Kubelet'],
    facts: ['node', 'cluster'],
    examples: {
      fail: factExample(
        'Kubelet',
        'kubelet',
        `
settings: {readOnlyPort: '10255'}
`,
      ),
      pass: factExample(
        'Kubelet',
        'kubelet',
        `
settings: {readOnlyPort: '0'}
`,
      ),
    },
  },
  target: 'object',
  // the reader records the default that applies (0 with a configuration file, 10255 with flags only)
  check: (resource) =>
    expectSetting(resource, {
      name: 'readOnlyPort',
      fallback: '10255',
      ok: (value) => value === '0',
      problem: 'the kubelet serves an unauthenticated read-only port',
    }),
};
