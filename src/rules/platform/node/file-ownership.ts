import { CIS_NODE } from '../../../references/controls.js';
import type { ObjectRule } from '../../types.js';
import { factExample } from './settings.js';

export const fileOwnership: ObjectRule = {
  meta: {
    id: 'PP-NODE-013',
    title: 'Key, kubeconfig or configuration file not owned by root',
    chapter: 'platform',
    severity: 'medium',
    recommendation:
      "Have root own (user and group) the node's keys, certificates, kubeconfigs and configuration.",
    rationale:
      'The owner of a file may change its mode, so a key owned by an ordinary user is as good as readable by that user, and a configuration owned by one can be rewritten to turn off authentication.',
    remediation: 'chown root:root the file.',
    references: [CIS_NODE.pkiOwnership],
    appliesTo: ['HostFile'],
    facts: ['node'],
    examples: {
      fail: factExample(
        'HostFile',
        '/etc/kubernetes/admin.conf',
        `
role: kubeconfig
mode: '0600'
uid: 1000
gid: 1000
`,
      ),
      pass: factExample(
        'HostFile',
        '/etc/kubernetes/admin.conf',
        `
role: kubeconfig
mode: '0600'
uid: 0
gid: 0
`,
      ),
    },
  },
  target: 'object',
  *check(resource) {
    const { uid, gid } = resource.object;
    if (uid === 0 && gid === 0) return;
    yield {
      path: ['uid'],
      message: `${resource.name} is owned by ${String(uid)}:${String(gid)}, not root:root`,
    };
  },
};
