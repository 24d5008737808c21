import { CIS_NODE, NSA } from '../../../references/controls.js';
import { asArray, asRecord } from '../../helpers.js';
import type { ObjectRule } from '../../types.js';
import { factExample, settingPath } from './settings.js';

/** Providers that write Secrets in a form only the key holder reads, and what to know about each. */
const CAVEATS: Readonly<Record<string, string | undefined>> = {
  'kms v2': undefined,
  secretbox: undefined,
  aescbc: undefined,
  aesgcm: 'aesgcm needs its key rotated every 200,000 writes',
  'kms v1': 'KMS v1 is deprecated (use KMS v2)',
};

export const secretsEncryption: ObjectRule = {
  meta: {
    id: 'PP-NODE-009',
    title: 'Secrets are not encrypted at rest',
    chapter: 'data',
    severity: 'high',
    recommendation:
      'Give kube-apiserver an EncryptionConfiguration whose first provider for Secrets is kms (v2), secretbox or aescbc.',
    rationale:
      'Without encryption at rest every Secret lies in etcd (and in every etcd backup, and on the disk of an edge node that may be carried away) in plain text. Only the first provider encrypts new writes: a configuration listing `identity` first reads old encrypted data but writes plain text. `parapet etcd-check` proves what is really stored.',
    remediation:
      'Write an EncryptionConfiguration with `resources: [secrets]` and a `kms` (apiVersion v2), `secretbox` or `aescbc` provider first and `identity` last, set `--encryption-provider-config` (k3s/RKE2: `secrets-encryption: true`, on by default in RKE2), then rewrite existing Secrets: `kubectl get secrets -A -o json | kubectl replace -f -`.',
    references: [CIS_NODE.encryptionConfig, CIS_NODE.encryptionProviders, NSA.secrets],
    appliesTo: ['KubeAPIServer'],
    facts: ['node', 'cluster'],
    examples: {
      fail: factExample(
        'KubeAPIServer',
        'apiserver',
        `
settings: {encryption-provider-config: /etc/kubernetes/enc.yaml}
encryption: {file: /etc/kubernetes/enc.yaml, providers: [identity, aescbc]}
`,
      ),
      pass: factExample(
        'KubeAPIServer',
        'apiserver',
        `
settings: {encryption-provider-config: /etc/kubernetes/enc.yaml}
encryption: {file: /etc/kubernetes/enc.yaml, providers: [kms v2, identity]}
`,
      ),
    },
  },
  target: 'object',
  *check(resource) {
    const encryption = asRecord(resource.object.encryption);
    if (encryption === undefined) {
      yield {
        path: settingPath('encryption-provider-config'),
        message: 'kube-apiserver stores Secrets in plain text: `--encryption-provider-config` is not set',
        problem: 'unset',
        references: [CIS_NODE.encryptionConfig, NSA.secrets],
      };
      return;
    }
    if (encryption.unreadable !== undefined) return; // not assessable: the reader notes it
    const providers = asArray(encryption.providers).filter((p): p is string => typeof p === 'string');
    const [first] = providers;
    if (first === undefined || first === 'identity') {
      yield {
        path: ['encryption'],
        message:
          first === undefined
            ? `no provider in ${String(encryption.file)} covers Secrets, so they are stored in plain text`
            : `the first provider for Secrets in ${String(encryption.file)} is identity, so they are written in plain text`,
        problem: 'identity',
        references: [CIS_NODE.encryptionProviders, NSA.secrets],
      };
      return;
    }
    const caveat = CAVEATS[first];
    if (caveat !== undefined || !(first in CAVEATS))
      yield {
        path: ['encryption'],
        message: `Secrets are encrypted with ${first}: ${caveat ?? 'not a provider parapet knows'}`,
        severity: 'low',
        problem: 'weak-provider',
        references: [CIS_NODE.encryptionProviders],
      };
  },
};
