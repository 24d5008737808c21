import { CIS_NODE, OWASP } from '../../../references/controls.js';
import type { ObjectRule } from '../../types.js';
import { COMPONENT_LABEL, factExample, settingOf, settingPath } from './settings.js';

/** The setting listing the cipher suites each component offers (comma-separated, as the flags take them). */
const SETTING: Readonly<Record<string, string>> = {
  KubeAPIServer: 'tls-cipher-suites',
  KubeControllerManager: 'tls-cipher-suites',
  KubeScheduler: 'tls-cipher-suites',
  Kubelet: 'tlsCipherSuites',
  Etcd: 'cipher-suites',
};

/**
 * The strong suites (CIS 1.2.29's list): forward secrecy (ECDHE) with an AEAD cipher, and TLS 1.3's suites. Anything
 * else — RSA key exchange, CBC, 3DES, RC4 — is weak.
 */
const STRONG =
  /^TLS_(?:ECDHE_(?:ECDSA|RSA)_WITH_(?:AES_(?:128_GCM_SHA256|256_GCM_SHA384)|CHACHA20_POLY1305(?:_SHA256)?)|AES_128_GCM_SHA256|AES_256_GCM_SHA384|CHACHA20_POLY1305_SHA256)$/;

export const tlsCipherSuites: ObjectRule = {
  meta: {
    id: 'PP-NODE-017',
    title: 'Component offers weak TLS cipher suites',
    chapter: 'platform',
    severity: 'medium',
    recommendation:
      'Offer only forward-secret AEAD cipher suites (ECDHE with AES-GCM or ChaCha20-Poly1305), or leave the list to the default.',
    rationale:
      'A suite without forward secrecy (RSA key exchange) lets whoever later obtains the server key decrypt recorded traffic; CBC, 3DES and RC4 suites have practical attacks. Where no list is written, the Go runtime Kubernetes and etcd are built with offers its own safe defaults, so only an explicit list is judged.',
    remediation:
      'List only TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 and the CHACHA20_POLY1305 suites (`--tls-cipher-suites` on control-plane components, `tlsCipherSuites` in the kubelet configuration, `--cipher-suites` on etcd), or remove the setting.',
    references: [CIS_NODE.strongCiphers, OWASP.tls],
    appliesTo: Object.keys(SETTING),
    facts: ['node', 'cluster'],
    examples: {
      fail: factExample(
        'KubeAPIServer',
        'apiserver',
        `
settings: {tls-cipher-suites: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_3DES_EDE_CBC_SHA"}
`,
      ),
      pass: factExample(
        'KubeAPIServer',
        'apiserver',
        `
settings: {tls-cipher-suites: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"}
`,
      ),
    },
  },
  target: 'object',
  *check(resource) {
    const name = SETTING[resource.kind] as string;
    const value = settingOf(resource, name);
    if (value === undefined) return;
    const weak = value
      .split(',')
      .map((suite) => suite.trim())
      .filter((suite) => suite !== '' && !STRONG.test(suite));
    if (weak.length > 0)
      yield {
        path: settingPath(name),
        message: `${COMPONENT_LABEL[resource.kind]} offers weak cipher suites: ${weak.join(', ')}`,
      };
  },
};
