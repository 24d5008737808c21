import { riskyPermissions } from '../../../src/rules/operations/risky-permissions.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const examples = riskyPermissions.meta.examples ?? { fail: '', pass: '' };

const role = (kind: string, rules: string, metadata = '{name: ops}') => `
apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata: ${metadata}
rules:
${rules}
`;

const SECRETS =
  'whoever holds it reads every Secret in its scope, service account tokens and passwords included; limit it to the Secrets it needs with `resourceNames`, or remove it';
const CREATE_PODS =
  'whoever holds it starts pods that mount any Secret and run as any service account in its scope, and escape to the node wherever Pod Security allows it; remove it where the subject does not start pods itself; where it must (CI runners, operators), bind it only in a namespace of its own, enforced at Pod Security restricted';
const EXEC =
  "whoever holds it runs commands in any pod in its scope, with that pod's secrets and service account; remove it, or keep it in a separate, audited break-glass role";
const ATTACH =
  "whoever holds it attaches to the main process of any pod in its scope and types into it, with that pod's secrets and service account; remove it, or keep it in a separate, audited break-glass role";
const TOKEN =
  'whoever holds it mints tokens for the service accounts in its scope and takes on their permissions; remove it';
const PROXY =
  'whoever holds it reaches the kubelet API, which runs commands in every pod on the node; remove it; grant nodes/metrics or nodes/stats for monitoring instead';

ruleTester(riskyPermissions, {
  valid: [
    { name: 'example: read-only pods and logs', yaml: examples.pass },
    {
      name: "wildcards are PP-OPS-020's",
      yaml: role(
        'ClusterRole',
        '  - {apiGroups: [""], resources: [secrets], verbs: ["*"]}\n  - {apiGroups: ["*"], resources: ["*"], verbs: [get]}',
      ),
    },
    {
      name: 'Secret reads limited to named Secrets',
      yaml: role(
        'Role',
        '  - {apiGroups: [""], resources: [secrets], resourceNames: [tls-cert], verbs: [get, watch]}',
        '{name: ops, namespace: shop}',
      ),
    },
    {
      name: 'writing Secrets is not judged here',
      yaml: role(
        'Role',
        '  - {apiGroups: [""], resources: [secrets], verbs: [create, update]}\n  - {apiGroups: [""], resources: [pods/log], verbs: [get]}',
        '{name: ops, namespace: shop}',
      ),
    },
    {
      name: 'pods/* grants no subresource (the API server matches only *, pods/exec or */exec)',
      yaml: role(
        'Role',
        '  - {apiGroups: [""], resources: ["pods/*"], verbs: [get, create]}',
        '{name: ops, namespace: shop}',
      ),
    },
    {
      name: 'creating pods limited by resourceNames is never allowed (create names no object)',
      yaml: role(
        'Role',
        '  - {apiGroups: [""], resources: [pods], resourceNames: [web], verbs: [create]}',
        '{name: ops, namespace: shop}',
      ),
    },
    {
      name: 'reading or deleting pods, and evicting them, is not creating them',
      yaml: role(
        'Role',
        '  - {apiGroups: [""], resources: [pods], verbs: [get, list, watch, delete]}\n  - {apiGroups: [""], resources: [pods/eviction], verbs: [create]}',
        '{name: ops, namespace: shop}',
      ),
    },
    {
      name: 'secrets in another API group are not core Secrets',
      yaml: role('ClusterRole', '  - {apiGroups: [external-secrets.io], resources: [secrets], verbs: [get]}'),
    },
    {
      name: 'bind on something other than roles',
      yaml: role('ClusterRole', '  - {apiGroups: [""], resources: [pods], verbs: [bind, escalate]}'),
    },
    {
      name: 'nodes/proxy in a Role grants nothing (nodes are cluster-scoped)',
      yaml: role(
        'Role',
        '  - {apiGroups: [""], resources: [nodes/proxy], verbs: [get]}',
        '{name: ops, namespace: shop}',
      ),
    },
    {
      name: "Kubernetes' own roles",
      yaml: role(
        'ClusterRole',
        '  - {apiGroups: [""], resources: [secrets], verbs: [get, list, watch]}\n  - {apiGroups: [""], resources: [serviceaccounts], verbs: [impersonate]}',
        '{name: edit, labels: {kubernetes.io/bootstrapping: rbac-defaults}}',
      ),
    },
  ],
  invalid: [
    {
      name: 'example: pods/exec for CI',
      yaml: examples.fail,
      errors: [
        {
          message: `Role \`shop/ci-deployer\` rule 1 grants create on pods/exec: ${EXEC}`,
          path: 'rules[1].resources[0]',
          severity: 'high',
        },
      ],
    },
    {
      name: 'creating pods (CIS 5.1.4)',
      yaml: role(
        'Role',
        '  - {apiGroups: [""], resources: [pods], verbs: [create, delete]}',
        '{name: runner, namespace: ci}',
      ),
      errors: [
        {
          message: `Role \`ci/runner\` rule 0 grants create on pods: ${CREATE_PODS}`,
          path: 'rules[0].resources[0]',
          severity: 'high',
          cis: ['5.1.4'],
        },
      ],
    },
    {
      name: 'cluster-wide Secret reads (ingress-nginx style)',
      yaml: role(
        'ClusterRole',
        '  - {apiGroups: [""], resources: [configmaps, endpoints, nodes, pods, secrets], verbs: [list, watch]}',
      ),
      errors: [
        {
          message: `ClusterRole \`ops\` rule 0 grants list, watch on secrets: ${SECRETS}`,
          path: 'rules[0].resources[4]',
          severity: 'high',
          cis: ['5.1.2'],
        },
      ],
    },
    {
      name: 'several risky grants in one rule, one finding each',
      yaml: role(
        'ClusterRole',
        '  - {apiGroups: [""], resources: [secrets, pods/exec, serviceaccounts/token, nodes/proxy], verbs: [get, create]}',
      ),
      errors: [
        {
          message: `ClusterRole \`ops\` rule 0 grants get on secrets: ${SECRETS}`,
          path: 'rules[0].resources[0]',
        },
        {
          message: `ClusterRole \`ops\` rule 0 grants get, create on pods/exec: ${EXEC}`,
          path: 'rules[0].resources[1]',
        },
        {
          message: `ClusterRole \`ops\` rule 0 grants create on serviceaccounts/token: ${TOKEN}`,
          path: 'rules[0].resources[2]',
        },
        {
          message: `ClusterRole \`ops\` rule 0 grants get, create on nodes/proxy: ${PROXY}`,
          path: 'rules[0].resources[3]',
        },
      ],
    },
    {
      name: 'subresource wildcards and apiGroups "*" reach the named grants',
      yaml: role('ClusterRole', '  - {apiGroups: ["*"], resources: ["*/exec", "*/proxy"], verbs: [create]}'),
      errors: [
        {
          message: `ClusterRole \`ops\` rule 0 grants create on pods/exec (via \`*/exec\`): ${EXEC}`,
          path: 'rules[0].resources[0]',
        },
        {
          message: `ClusterRole \`ops\` rule 0 grants create on nodes/proxy (via \`*/proxy\`): ${PROXY}`,
          path: 'rules[0].resources[1]',
        },
      ],
    },
    {
      name: 'escalate, bind and impersonate are critical',
      yaml: role(
        'ClusterRole',
        '  - {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles, roles], verbs: [get, escalate, bind]}\n  - {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], resourceNames: [view], verbs: [bind]}\n  - {apiGroups: [""], resources: [users, groups], verbs: [impersonate]}',
      ),
      errors: [
        {
          message:
            'ClusterRole `ops` rule 0 grants escalate on roles: whoever holds it can create or change roles with permissions it does not hold; remove it',
          path: 'rules[0].verbs[1]',
          severity: 'critical',
        },
        {
          message:
            'ClusterRole `ops` rule 0 grants bind on roles: whoever holds it can bind roles (cluster-admin included) to any subject, itself too; remove it',
          path: 'rules[0].verbs[2]',
          severity: 'critical',
        },
        {
          message: /^ClusterRole `ops` rule 1 grants bind on roles \(limited to view\):/,
          path: 'rules[1].verbs[0]',
        },
        {
          message:
            'ClusterRole `ops` rule 2 grants impersonate on users, groups: whoever holds it acts as other users, groups or service accounts, and gets their permissions; remove it',
          path: 'rules[2].verbs[0]',
          severity: 'critical',
        },
      ],
    },
    {
      name: 'get on pods/exec or pods/attach opens a session (WebSocket GET, kubectl 1.30+)',
      yaml: role(
        'Role',
        '  - {apiGroups: [""], resources: [pods/exec, pods/attach], verbs: [get]}',
        '{name: ops, namespace: shop}',
      ),
      errors: [
        {
          message: `Role \`shop/ops\` rule 0 grants get on pods/exec: ${EXEC}`,
          path: 'rules[0].resources[0]',
        },
        {
          message: `Role \`shop/ops\` rule 0 grants get on pods/attach: ${ATTACH}`,
          path: 'rules[0].resources[1]',
        },
      ],
    },
    {
      name: 'create on pods/attach',
      yaml: role('ClusterRole', '  - {apiGroups: [""], resources: [pods/attach], verbs: [create]}'),
      errors: [
        { message: `ClusterRole \`ops\` rule 0 grants create on pods/attach: ${ATTACH}`, severity: 'high' },
      ],
    },
    {
      name: 'apiGroups "*" counts for core Secrets',
      yaml: role('ClusterRole', '  - {apiGroups: ["*"], resources: [secrets], verbs: [list]}'),
      errors: [
        {
          message: `ClusterRole \`ops\` rule 0 grants list on secrets: ${SECRETS}`,
          path: 'rules[0].resources[0]',
        },
      ],
    },
    {
      name: 'explicit escalate, bind and impersonate beside a wildcard keep their critical finding',
      yaml: role(
        'ClusterRole',
        '  - {apiGroups: ["*"], resources: ["*"], verbs: [get, bind, escalate]}\n  - {apiGroups: [""], resources: ["*"], verbs: [impersonate]}',
      ),
      errors: [
        {
          message: /^ClusterRole `ops` rule 0 grants escalate on roles \(via `\*`\):/,
          path: 'rules[0].verbs[2]',
          severity: 'critical',
        },
        {
          message: /^ClusterRole `ops` rule 0 grants bind on roles \(via `\*`\):/,
          path: 'rules[0].verbs[1]',
          severity: 'critical',
        },
        {
          message: /^ClusterRole `ops` rule 1 grants impersonate on \*:/,
          path: 'rules[1].verbs[0]',
          severity: 'critical',
        },
      ],
    },
    {
      name: 'a system: name alone is not a Kubernetes default',
      yaml: role(
        'ClusterRole',
        '  - {apiGroups: [""], resources: [secrets], verbs: [get]}',
        '{name: "system:test"}',
      ),
      errors: [{ message: `ClusterRole \`system:test\` rule 0 grants get on secrets: ${SECRETS}` }],
    },
    {
      name: 'impersonating uids and userextras',
      yaml: role(
        'ClusterRole',
        '  - {apiGroups: [authentication.k8s.io], resources: [uids, userextras/scopes], verbs: [impersonate]}',
      ),
      errors: [
        {
          message: /^ClusterRole `ops` rule 0 grants impersonate on uids, userextras\/scopes:/,
          severity: 'critical',
        },
      ],
    },
  ],
});
