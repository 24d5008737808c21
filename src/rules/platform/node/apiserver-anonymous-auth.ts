import { CIS_NODE, HOST_ACCESS } from '../../../references/controls.js';
import type { ObjectRule } from '../../types.js';
import { expectSetting, factExample, isFalse } from './settings.js';

/** Anonymous requests reach authorization as `system:anonymous`: one permissive binding exposes the API. */
export const apiserverAnonymousAuth: ObjectRule = {
  meta: {
    id: 'PP-NODE-001',
    title: 'API server accepts anonymous requests',
    chapter: 'platform',
    severity: 'high',
    recommendation: 'Run kube-apiserver with `--anonymous-auth=false`.',
    rationale:
      'With anonymous authentication on (the upstream default), every unauthenticated request is served as `system:anonymous` in group `system:unauthenticated`; a single binding granting that group anything (or a discovery endpoint left open) is reachable by anyone who can reach the API server. k3s and RKE2 turn it off unless `kube-apiserver-arg` turns it back on.',
    remediation:
      'kubeadm: add `--anonymous-auth=false` to /etc/kubernetes/manifests/kube-apiserver.yaml (health checks then need credentials, or use the `/livez` anonymous exception of AuthenticationConfiguration). k3s/RKE2: remove `anonymous-auth=true` from `kube-apiserver-arg`.',
    references: [CIS_NODE.apiserverAnonymousAuth, HOST_ACCESS.controlPlane],
    appliesTo: ['KubeAPIServer'],
    facts: ['node', 'cluster'],
    examples: {
      fail: factExample(
        'KubeAPIServer',
        'apiserver',
        `
settings: {authorization-mode: 'Node,RBAC'}
`,
      ),
      pass: factExample(
        'KubeAPIServer',
        'apiserver',
        `
settings: {anonymous-auth: 'false', authorization-mode: 'Node,RBAC'}
`,
      ),
    },
  },
  target: 'object',
  check: (resource) =>
    expectSetting(resource, {
      name: 'anonymous-auth',
      fallback: 'true',
      ok: isFalse,
      problem: 'kube-apiserver accepts anonymous requests',
    }),
};
