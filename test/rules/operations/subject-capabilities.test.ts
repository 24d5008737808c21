import { subjectCapabilities } from '../../../src/rules/operations/subject-capabilities.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const examples = subjectCapabilities.meta.examples ?? { fail: '', pass: '' };
const V = 'apiVersion: rbac.authorization.k8s.io/v1';
const clusterRole = (name: string, rules: string) =>
  `${V}\nkind: ClusterRole\nmetadata: {name: ${name}}\nrules: ${rules}\n---\n`;
const crb = (role: string, subjects: string) =>
  `${V}\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role}}\nsubjects: ${subjects}\n`;
const rb = (ns: string, role: string, subjects: string) =>
  `${V}\nkind: RoleBinding\nmetadata: {name: b, namespace: ${ns}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role}}\nsubjects: ${subjects}\n`;
const ALICE = '[{kind: User, name: alice}]';

ruleTester(subjectCapabilities, {
  valid: [
    { name: 'example: view', yaml: examples.pass },
    {
      name: 'Secrets read in an application namespace (PP-OPS-023 judges the role)',
      yaml:
        clusterRole('r', '[{apiGroups: [""], resources: [secrets], verbs: [get]}]') + rb('shop', 'r', ALICE),
    },
    {
      name: "the cluster's own users",
      yaml: crb('system:kube-scheduler', '[{kind: User, name: "system:kube-scheduler"}]'),
    },
    { name: "cluster-admin bindings are PP-OPS-021's", yaml: crb('cluster-admin', ALICE) },
    {
      name: 'nodes/proxy via a RoleBinding grants nothing (nodes are cluster-scoped)',
      yaml:
        clusterRole('p', '[{apiGroups: [""], resources: [nodes/proxy], verbs: [get]}]') +
        rb('shop', 'p', ALICE),
    },
  ],
  invalid: [
    {
      name: 'example: edit in a namespace (built in, aggregated)',
      yaml: examples.fail,
      errors: [
        {
          message:
            /lets `group:devs` create pods \(or pod controllers\) in namespace `shop` \(ClusterRole `system:aggregate-to-edit` rule 2\)/,
          path: 'subjects[0]',
          severity: 'high',
          cis: ['5.1.4'],
        },
        { message: /lets `group:devs` exec or attach into pods in namespace `shop`/, severity: 'high' },
        {
          message: /lets `group:devs` impersonate users, groups or service accounts in namespace `shop`/,
          severity: 'high',
        },
        { message: /lets `group:devs` create service account tokens in namespace `shop`/, cis: ['5.1.13'] },
      ],
    },
    {
      name: 'Secrets in kube-system',
      yaml:
        clusterRole('r', '[{apiGroups: [""], resources: [secrets], verbs: [list]}]') +
        rb('kube-system', 'r', '[{kind: ServiceAccount, name: deployer, namespace: build}]'),
      errors: [
        {
          message:
            /^RoleBinding `kube-system\/b` lets `sa:build\/deployer` read Secrets in namespace `kube-system` \(ClusterRole `r` rule 0\)/,
          cis: ['5.1.2'],
        },
      ],
    },
    {
      name: 'a */*/* role under another name: full control, once, critical',
      yaml:
        clusterRole('ops', '[{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]') +
        crb('ops', '[{kind: Group, name: "system:authenticated"}]'),
      errors: [
        {
          message: /lets `group:system:authenticated` do everything \(`\*` on `\*`\) cluster-wide/,
          severity: 'critical',
        },
      ],
    },
    {
      name: 'escalate cluster-wide is critical; webhooks and CSR approval',
      yaml:
        clusterRole(
          'x',
          `[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [escalate]}, {apiGroups: [admissionregistration.k8s.io], resources: [validatingwebhookconfigurations], verbs: [delete]}, {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}, {apiGroups: [""], resources: [nodes], verbs: [patch]}]`,
        ) + crb('x', ALICE),
      errors: [
        { message: /lets `user:alice` escalate or bind roles cluster-wide/, severity: 'critical' },
        { message: /lets `user:alice` patch nodes or use nodes\/proxy cluster-wide/, cis: ['5.1.10'] },
        {
          message: /lets `user:alice` change admission webhook configurations cluster-wide/,
          cis: ['5.1.12'],
        },
        { message: /lets `user:alice` approve certificate signing requests cluster-wide/, cis: ['5.1.11'] },
      ],
    },
    {
      name: 'pod controllers count as pod creation',
      yaml:
        clusterRole('d', '[{apiGroups: [batch], resources: [cronjobs], verbs: [create]}]') +
        rb('ci', 'd', ALICE),
      errors: [{ message: /lets `user:alice` create pods \(or pod controllers\) in namespace `ci`/ }],
    },
  ],
});
