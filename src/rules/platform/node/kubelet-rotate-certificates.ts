import { CIS_NODE, HOST_ACCESS } from '../../../references/controls.js';
import type { ObjectRule } from '../../types.js';
import { expectSetting, factExample, isFalse } from './settings.js';

export const kubeletRotateCertificates: ObjectRule = {
  meta: {
    id: 'PP-NODE-018',
    title: 'Kubelet does not rotate its client certificate',
    chapter: 'platform',
    severity: 'low',
    recommendation: "Leave the kubelet's `rotateCertificates` on (never set it to false).",
    rationale:
      'With rotation the kubelet asks the API server for a new client certificate before the old one expires. Without it the certificate is renewed by hand or not at all: an edge node nobody visits drops out of the cluster the day it expires, and a long-lived certificate stays useful to whoever copies it. Kubelets whose certificates come from another authority (Vault, a distribution that renews them itself, as k3s and RKE2 do) rotate them there.',
    remediation:
      'Remove `rotateCertificates: false` from the kubelet configuration file (or set it to true) and drop `--rotate-certificates=false` from the kubelet flags.',
    references: [CIS_NODE.kubeletRotateCertificates, HOST_ACCESS.hostHardening],
    appliesTo: ['Kubelet'],
    facts: ['node', 'cluster'],
    examples: {
      fail: factExample(
        'Kubelet',
        'kubelet',
        `
settings: {rotateCertificates: 'false'}
`,
      ),
      pass: factExample(
        'Kubelet',
        'kubelet',
        `
settings: {rotateCertificates: 'true'}
`,
      ),
    },
  },
  target: 'object',
  // CIS judges only an explicit false: where nothing is written, kubeadm and the distributions turn it on
  check: (resource) =>
    expectSetting(resource, {
      name: 'rotateCertificates',
      fallback: 'true',
      ok: (value) => !isFalse(value),
      problem: 'the kubelet does not renew its client certificate',
    }),
};
