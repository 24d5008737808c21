import { CIS_NODE, HOST_ACCESS } from '../../../references/controls.js';
import type { ObjectRule } from '../../types.js';
import { expectSetting, factExample, isTrue } from './settings.js';

export const kubeletAuthorization: ObjectRule = {
  meta: {
    id: 'PP-NODE-006',
    title: 'Kubelet does not ask the API server who may use it',
    chapter: 'platform',
    severity: 'high',
    recommendation:
      "Set the kubelet's `authorization.mode: Webhook` and `authentication.webhook.enabled: true`.",
    rationale:
      'With `AlwaysAllow`, every client that authenticates to the kubelet (any certificate from the cluster CA) may exec into every container on the node. Webhook authorization asks the API server (SubjectAccessReview), so RBAC decides; webhook authentication lets the kubelet accept service account and bootstrap tokens checked by the API server.',
    remediation:
      'In the kubelet configuration file set `authorization: {mode: Webhook}` and `authentication: {webhook: {enabled: true}}`; remove `--authorization-mode=AlwaysAllow` from flags or `kubelet-arg`.',
    references: [CIS_NODE.kubeletAuthorization, HOST_ACCESS.hostHardening],
    appliesTo: ['Kubelet'],
    facts: ['node', 'cluster'],
    examples: {
      fail: factExample(
        'Kubelet',
        'kubelet',
        `
settings: {authorization.mode: AlwaysAllow, authentication.webhook.enabled: 'true'}
`,
      ),
      pass: factExample(
        'Kubelet',
        'kubelet',
        `
settings: {authorization.mode: Webhook, authentication.webhook.enabled: 'true'}
`,
      ),
    },
  },
  target: 'object',
  *check(resource) {
    yield* expectSetting(resource, {
      name: 'authorization.mode',
      fallback: 'AlwaysAllow',
      ok: (value) => value === 'Webhook',
      problem: 'the kubelet authorizes requests without asking the API server',
    });
    yield* expectSetting(resource, {
      name: 'authentication.webhook.enabled',
      fallback: 'false',
      ok: isTrue,
      problem: 'the kubelet does not verify bearer tokens with the API server',
      severity: 'medium',
    });
  },
};
