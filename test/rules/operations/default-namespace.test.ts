import { defaultNamespace } from '../../../src/rules/operations/default-namespace.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const examples = defaultNamespace.meta.examples ?? { fail: '', pass: '' };

const pod = (metadata: string) => `
apiVersion: v1
kind: Pod
metadata: ${metadata}
spec:
  containers: [{name: app, image: nginx:1.27}]
`;

ruleTester(defaultNamespace, {
  valid: [
    { name: 'example: a namespace of its own', yaml: examples.pass },
    { name: 'a Pod in its namespace', yaml: pod('{name: debug, namespace: tools}') },
    {
      name: 'objects other than workloads are not judged',
      yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: default}\ndata: {a: b}\n',
    },
    {
      name: 'a PodTemplate runs nothing',
      yaml: 'apiVersion: v1\nkind: PodTemplate\nmetadata: {name: t}\ntemplate:\n  spec:\n    containers: [{name: a, image: busybox:1.36}]\n',
    },
  ],
  invalid: [
    {
      name: 'example: namespace: default',
      yaml: examples.fail,
      errors: [
        {
          message:
            'Deployment `default/web` runs in the `default` namespace; move it to a namespace of its own',
          path: 'metadata.namespace',
          severity: 'medium',
        },
      ],
    },
    {
      name: 'no namespace set: low',
      yaml: pod('{name: debug}'),
      errors: [
        {
          message:
            'Pod `debug` has no namespace set; kubectl would put it in `default` unless -n is given; set `metadata.namespace`',
          path: 'metadata.namespace',
          severity: 'low',
        },
      ],
    },
    {
      name: "a CronJob without a namespace, and a ReplicaSet's Pod reported once through its owner",
      yaml: `
apiVersion: batch/v1
kind: CronJob
metadata: {name: backup}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: b, image: busybox:1.36}]
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web-1, namespace: default}
spec:
  template:
    spec:
      containers: [{name: app, image: nginx:1.27}]
---
apiVersion: v1
kind: Pod
metadata:
  name: web-1-abcde
  namespace: default
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-1, uid: x, controller: true}]
spec:
  containers: [{name: app, image: nginx:1.27}]
`,
      errors: [
        { message: /^CronJob `backup` has no namespace set/, severity: 'low', resource: 'CronJob/backup' },
        {
          message: /^ReplicaSet `default\/web-1` runs in the `default` namespace/,
          resource: 'ReplicaSet/web-1',
        },
      ],
    },
  ],
});
