import { kubeSystemWorkload } from '../../../src/rules/operations/kube-system-workload.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const examples = kubeSystemWorkload.meta.examples ?? { fail: '', pass: '' };

const workload = (kind: string, name: string, namespace = 'kube-system') => `
apiVersion: apps/v1
kind: ${kind}
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  template:
    spec:
      containers: [{name: app, image: busybox:1.36}]
`;

const MESSAGE = (what: string) =>
  `${what} runs in kube-system but is not a known system component; move it to a namespace of its own, or add its name prefix to \`systemComponents\` if it is part of the platform`;

ruleTester(kubeSystemWorkload, {
  valid: [
    { name: 'example: CoreDNS', yaml: examples.pass },
    {
      name: 'k3s and CNI components by prefix',
      yaml: `${workload('DaemonSet', 'svclb-traefik-7f3a')}---${workload('Deployment', 'local-path-provisioner')}---${workload('DaemonSet', 'cilium')}---${workload('Deployment', 'metrics-server')}`,
    },
    { name: 'elsewhere', yaml: workload('Deployment', 'plc-gateway', 'iot') },
    {
      name: 'a prefix added by parameter',
      yaml: workload('DaemonSet', 'acme-edge-agent'),
      params: { systemComponents: ['acme-edge-'] },
    },
    {
      name: 'a Pod of a listed DaemonSet in the input',
      yaml: `${workload('DaemonSet', 'node-agent')}---
apiVersion: v1
kind: Pod
metadata:
  name: node-agent-x1
  namespace: kube-system
  ownerReferences: [{apiVersion: apps/v1, kind: DaemonSet, name: node-agent, uid: u, controller: true}]
spec:
  containers: [{name: app, image: busybox:1.36}]
`,
      params: { systemComponents: ['node-agent'] },
    },
  ],
  invalid: [
    {
      name: 'example: an application in kube-system',
      yaml: examples.fail,
      errors: [
        {
          message: MESSAGE('Deployment `kube-system/plc-gateway`'),
          path: 'metadata.namespace',
          severity: 'info',
        },
      ],
    },
    {
      name: 'the parameter replaces the default list',
      yaml: workload('Deployment', 'coredns'),
      params: { systemComponents: ['acme-'] },
      errors: [{ message: MESSAGE('Deployment `kube-system/coredns`') }],
    },
    {
      name: 'a Job and a bare Pod',
      yaml: `
apiVersion: batch/v1
kind: Job
metadata: {name: backup-etc, namespace: kube-system}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: b, image: busybox:1.36}]
---
apiVersion: v1
kind: Pod
metadata: {name: debug, namespace: kube-system}
spec:
  containers: [{name: sh, image: busybox:1.36}]
`,
      errors: [
        { message: MESSAGE('Job `kube-system/backup-etc`') },
        { message: MESSAGE('Pod `kube-system/debug`') },
      ],
    },
  ],
});
