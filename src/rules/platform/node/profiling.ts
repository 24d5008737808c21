import { CIS_NODE } from '../../../references/controls.js';
import type { ObjectRule } from '../../types.js';
import { COMPONENT_LABEL, expectSetting, factExample, isFalse } from './settings.js';

const CONTROL = {
  KubeAPIServer: CIS_NODE.apiserverProfiling,
  KubeControllerManager: CIS_NODE.controllerManagerProfiling,
  KubeScheduler: CIS_NODE.schedulerProfiling,
} as const;

export const profiling: ObjectRule = {
  meta: {
    id: 'PP-NODE-003',
    title: 'Control-plane component serves profiling data',
    chapter: 'platform',
    severity: 'low',
    recommendation:
      'Run kube-apiserver, kube-controller-manager and kube-scheduler with `--profiling=false`.',
    rationale:
      "Profiling (on by default) serves `/debug/pprof`: heap and goroutine dumps that reveal the program's state and can be requested to burn CPU. It is a debugging aid with no place on a production control plane.",
    remediation:
      "Add `--profiling=false` to each component's static pod manifest (kubeadm), or to `kube-apiserver-arg`, `kube-controller-manager-arg` and `kube-scheduler-arg` (k3s/RKE2 set it already).",
    references: Object.values(CONTROL),
    appliesTo: Object.keys(CONTROL),
    facts: ['node', 'cluster'],
    examples: {
      fail: factExample(
        'KubeControllerManager',
        'controller-manager',
        `
settings: {use-service-account-credentials: 'true'}
`,
      ),
      pass: factExample(
        'KubeControllerManager',
        'controller-manager',
        `
settings: {profiling: 'false', use-service-account-credentials: 'true'}
`,
      ),
    },
  },
  target: 'object',
  check: (resource) =>
    expectSetting(resource, {
      name: 'profiling',
      fallback: 'true',
      ok: isFalse,
      problem: `${COMPONENT_LABEL[resource.kind]} serves profiling data`,
      references: [CONTROL[resource.kind as keyof typeof CONTROL]],
    }),
};
