import type { Severity } from '../../../findings/severity.js';
import { CIS_NODE } from '../../../references/controls.js';
import type { Reference } from '../../../references/frameworks.js';
import type { ObjectRule } from '../../types.js';
import { factExample } from './settings.js';

interface Limit {
  /** Permission bits that must not be set. */
  forbidden: number;
  severity: Severity;
  what: string;
  references: Reference[];
}

/** Per role of a file: what must stay closed. Certificates are public; only writing them is a risk. */
const LIMITS: Readonly<Record<string, Limit>> = {
  'ca-key': {
    forbidden: 0o077,
    severity: 'critical',
    what: 'a CA private key (whoever reads it can sign any identity, cluster-admin included)',
    references: [CIS_NODE.pkiKeyPermissions],
  },
  'private-key': {
    forbidden: 0o077,
    severity: 'high',
    what: 'a private key',
    references: [CIS_NODE.pkiKeyPermissions],
  },
  kubeconfig: {
    forbidden: 0o077,
    severity: 'high',
    what: 'a kubeconfig with credentials',
    references: [CIS_NODE.adminConfPermissions, CIS_NODE.kubeletConfPermissions],
  },
  config: {
    forbidden: 0o077,
    severity: 'medium',
    what: 'a component configuration file',
    references: [CIS_NODE.manifestPermissions, CIS_NODE.kubeletConfigPermissions],
  },
  certificate: {
    forbidden: 0o022,
    severity: 'medium',
    what: 'a certificate',
    references: [CIS_NODE.pkiCertPermissions],
  },
};

function who(bits: number): string {
  const parts: string[] = [];
  if (bits & 0o070) parts.push('group');
  if (bits & 0o007) parts.push('others');
  return parts.join(' and ');
}

export const filePermissions: ObjectRule = {
  meta: {
    id: 'PP-NODE-012',
    title: 'Key, kubeconfig or configuration file open to group or others',
    chapter: 'platform',
    severity: 'high',
    recommendation:
      'Keep private keys, kubeconfigs and component configuration at mode 600 (certificates at most 644), owned by root.',
    rationale:
      "A node's kubeconfigs and keys are its identity in the cluster, and the CA key is every identity: a local user or a compromised process with read access becomes the kubelet, the controller manager or cluster-admin. Only the mode and owner are read, never the content.",
    remediation: 'chmod 600 the file (644 for certificates); k3s: `write-kubeconfig-mode: "0600"`.',
    references: [
      CIS_NODE.pkiKeyPermissions,
      CIS_NODE.adminConfPermissions,
      CIS_NODE.kubeletConfPermissions,
      CIS_NODE.manifestPermissions,
      CIS_NODE.kubeletConfigPermissions,
      CIS_NODE.pkiCertPermissions,
    ],
    appliesTo: ['HostFile'],
    facts: ['node'],
    examples: {
      fail: factExample(
        'HostFile',
        '/etc/kubernetes/pki/ca.key',
        `
role: ca-key
mode: '0644'
uid: 0
gid: 0
`,
      ),
      pass: factExample(
        'HostFile',
        '/etc/kubernetes/pki/ca.key',
        `
role: ca-key
mode: '0600'
uid: 0
gid: 0
`,
      ),
    },
  },
  target: 'object',
  *check(resource) {
    const limit = LIMITS[String(resource.object.role)];
    const mode = Number.parseInt(String(resource.object.mode), 8);
    if (limit === undefined || Number.isNaN(mode)) return;
    const open = mode & limit.forbidden;
    if (open === 0) return;
    const verb = limit.forbidden === 0o022 ? 'writable' : 'readable';
    yield {
      path: ['mode'],
      message: `${resource.name} is ${limit.what}, ${verb} by ${who(open)} (mode ${String(resource.object.mode)})`,
      severity: limit.severity,
      references: limit.references,
    };
  },
};
