import { unselectedWorkload } from '../../../src/rules/network/unselected-workload.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const examples = unselectedWorkload.meta.examples ?? { fail: '', pass: '' };

const deployment = (name: string, labels = `{app: ${name}}`, spec = '') => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: iot}
spec:
  template:
    metadata: {labels: ${labels}}
    spec:
${spec}      containers:
        - {name: app, image: nginx:1.27}
`;

const policy = (name: string, spec: string, namespace = 'iot') => `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ${namespace}}
spec:
${spec}
`;

const DB_ONLY = policy('allow-db', '  podSelector: {matchLabels: {app: db}}\n  ingress: [{}]');

const NONE = (what: string) =>
  `${what} is selected by no NetworkPolicy although namespace \`iot\` uses them, so its pods accept connections from anywhere and can connect anywhere; add a default-deny policy to the namespace or a policy whose podSelector matches the pod labels`;
const EGRESS_ONLY = (what: string, policies: string) =>
  `${what} is selected only by egress NetworkPolicies (${policies}), so its pods accept connections from anywhere; add a default-deny ingress policy to the namespace or an ingress policy whose podSelector matches the pod labels`;

ruleTester(unselectedWorkload, {
  valid: [
    { name: 'example: a default deny selects every pod', yaml: examples.pass },
    { name: "no policies in the namespace (PP-NET-001's)", yaml: deployment('web') },
    { name: 'selected by matchLabels', yaml: `${DB_ONLY}---${deployment('db')}` },
    {
      name: 'selected by matchExpressions',
      yaml: `${policy('allow-db', '  podSelector: {matchExpressions: [{key: tier, operator: Exists}]}\n  ingress: [{}]')}---${deployment('db', '{app: db, tier: data}')}`,
    },
    {
      name: 'a policy without podSelector selects every pod',
      yaml: `${policy('deny', '  policyTypes: [Ingress]')}---${deployment('web')}`,
    },
    {
      name: 'host-network pods are not governed by NetworkPolicy',
      yaml: `${DB_ONLY}---${deployment('exporter', '{app: exporter}', '      hostNetwork: true\n')}`,
    },
  ],
  invalid: [
    {
      name: 'example: the policy selects another workload',
      yaml: examples.fail,
      errors: [
        {
          message: NONE('Deployment `iot/plc-gateway`'),
          path: 'spec.template.metadata.labels',
          severity: 'medium',
          resource: 'Deployment/plc-gateway',
        },
      ],
    },
    {
      name: 'labels that almost match',
      yaml: `${DB_ONLY}---${deployment('db')}---${deployment('db-backup', '{app: db-backup}')}`,
      errors: [{ message: NONE('Deployment `iot/db-backup`'), resource: 'Deployment/db-backup' }],
    },
    {
      name: 'selected only for egress (policyTypes given)',
      yaml: `${policy('dns', '  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{ports: [{port: 53, protocol: UDP}]}]')}---${deployment('web')}`,
      errors: [{ message: EGRESS_ONLY('Deployment `iot/web`', '`dns`') }],
    },
    {
      name: 'a policy in another namespace does not select',
      yaml: `${DB_ONLY}---${policy('deny', '  podSelector: {}', 'shop')}---${deployment('web')}`,
      errors: [{ message: NONE('Deployment `iot/web`') }],
    },
    {
      name: 'an unknown selector operator selects nothing; CronJob template path',
      yaml: `${policy('odd', '  podSelector: {matchExpressions: [{key: app, operator: Like}]}\n  ingress: [{}]')}---
apiVersion: batch/v1
kind: CronJob
metadata: {name: backup, namespace: iot}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        metadata: {labels: {app: backup}}
        spec:
          restartPolicy: OnFailure
          containers: [{name: backup, image: busybox:1.36}]
`,
      errors: [
        {
          message: NONE('CronJob `iot/backup`'),
          path: 'spec.jobTemplate.spec.template.metadata.labels',
        },
      ],
    },
    {
      name: 'a malformed matchExpressions entry selects nothing (and does not throw)',
      yaml: `${policy('odd', '  podSelector: {matchExpressions: [null]}\n  ingress: [{}]')}---${deployment('web')}`,
      errors: [{ message: NONE('Deployment `iot/web`') }],
    },
  ],
});
