import { CIS_NODE, HOST_ACCESS } from '../../../references/controls.js';
import type { ObjectRule } from '../../types.js';
import { expectSetting, factExample, isTrue } from './settings.js';

export const protectKernelDefaults: ObjectRule = {
  meta: {
    id: 'PP-NODE-007',
    title: 'Kubelet may change kernel settings',
    chapter: 'platform',
    severity: 'low',
    recommendation: "Set the kubelet's `protectKernelDefaults: true`.",
    rationale:
      "Without it, the kubelet silently rewrites kernel parameters (vm.overcommit_memory, kernel.panic...) that the node's hardening set; with it, the kubelet refuses to start on a kernel whose settings differ from what it needs, so the node's tuning is decided on purpose.",
    remediation:
      "Set `protectKernelDefaults: true` in the kubelet configuration file (k3s/RKE2: `protect-kernel-defaults: true`, or RKE2's `profile: cis`), after setting the kernel parameters the kubelet expects in /etc/sysctl.d.",
    references: [CIS_NODE.protectKernelDefaults, HOST_ACCESS.hostHardening],
    appliesTo: ['Kubelet'],
    facts: ['node', 'cluster'],
    examples: {
      fail: factExample(
        'Kubelet',
        'kubelet',
        `
settings: {protectKernelDefaults: 'false'}
`,
      ),
      pass: factExample(
        'Kubelet',
        'kubelet',
        `
settings: {protectKernelDefaults: 'true'}
`,
      ),
    },
  },
  target: 'object',
  check: (resource) =>
    expectSetting(resource, {
      name: 'protectKernelDefaults',
      fallback: 'false',
      ok: isTrue,
      problem: "the kubelet may override the node's kernel settings",
    }),
};
