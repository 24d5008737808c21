import assert from 'node:assert/strict';
import { it } from 'node:test';
import { imageDigest } from '../../../src/rules/workloads/image-digest.js';
import { ruleTester, runRule } from '../../helpers/rule-tester.js';

const DIGEST = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

const cronJob = (image: string) => `
apiVersion: batch/v1
kind: CronJob
metadata: {name: backup, namespace: ops}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - {name: backup, image: "${image}"}
`;

const message =
  'container `backup` in CronJob `ops/backup` uses image `registry.example.com/ops/backup:3.1.0`, which is not pinned by digest; append `@sha256:...` so every node runs the same image';

ruleTester(imageDigest, {
  valid: [
    { name: 'pinned by tag and digest', yaml: cronJob(`registry.example.com/ops/backup:3.1.0@${DIGEST}`) },
    {
      name: 'pinned by digest alone',
      yaml: cronJob(`registry.example.com/ops/backup@${DIGEST}`),
      params: { requireDigest: true },
    },
    {
      name: 'no tag: PP-WL-021 reports it, not stacked here',
      yaml: cronJob('registry.example.com/ops/backup'),
    },
    { name: '`latest`: PP-WL-021 reports it', yaml: cronJob('registry.example.com/ops/backup:latest') },
  ],
  invalid: [
    {
      name: 'default: reported at info, as an inventory',
      yaml: cronJob('registry.example.com/ops/backup:3.1.0'),
      errors: [
        {
          message,
          path: 'spec.jobTemplate.spec.template.spec.containers[0].image',
          severity: 'info',
        },
      ],
    },
    {
      name: 'requireDigest: reported at high',
      yaml: cronJob('registry.example.com/ops/backup:3.1.0'),
      params: { requireDigest: true },
      errors: [
        { message, path: 'spec.jobTemplate.spec.template.spec.containers[0].image', severity: 'high' },
      ],
    },
    {
      name: 'requireDigest: `latest` too, at high (PP-WL-021 alone would rank it below a pinned tag)',
      yaml: cronJob('registry.example.com/ops/backup:latest'),
      params: { requireDigest: true },
      errors: [
        {
          message: /uses image `registry.example.com\/ops\/backup:latest`, which is not pinned/,
          severity: 'high',
        },
      ],
    },
    {
      name: "two containers, the first on `latest` (PP-WL-021's), only the second reported",
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  containers:
    - {name: app, image: nginx}
    - {name: log, image: fluent-bit:3.1}
`,
      errors: [
        {
          message:
            'container `log` in Pod `shop/web` uses image `fluent-bit:3.1`, which is not pinned by digest; append `@sha256:...` so every node runs the same image',
          path: 'spec.containers[1].image',
          severity: 'info',
        },
      ],
    },
    {
      name: 'a malformed digest does not pin',
      yaml: cronJob('registry.example.com/ops/backup:3.1.0@sha256:abc'),
      errors: [
        {
          message:
            'container `backup` in CronJob `ops/backup` uses image `registry.example.com/ops/backup:3.1.0@sha256:abc`, which is not pinned by digest; append `@sha256:...` so every node runs the same image',
          severity: 'info',
        },
      ],
    },
  ],
});

it('PP-WL-022 examples: fail flags, pass passes', () => {
  const examples = imageDigest.meta.examples as { fail: string; pass: string };
  assert.equal(runRule(imageDigest, examples.fail).length, 1);
  assert.deepEqual(runRule(imageDigest, examples.pass, { requireDigest: true }), []);
});
