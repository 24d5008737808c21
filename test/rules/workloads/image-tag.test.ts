import assert from 'node:assert/strict';
import { it } from 'node:test';
import { imageTag } from '../../../src/rules/workloads/image-tag.js';
import { webDeployment } from '../../helpers/manifests.js';
import { ruleTester, runRule } from '../../helpers/rule-tester.js';

const DIGEST = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

const deployment = (...images: string[]) =>
  webDeployment(`      containers:
${images.map((image, i) => `        - {name: app${i}, image: "${image}"}`).join('\n')}`);

ruleTester(imageTag, {
  valid: [
    {
      name: 'version tags',
      yaml: deployment('nginx:1.27.3', 'registry.example.com:5000/shop/web:2024.06.1'),
    },
    {
      name: 'digest-pinned images pass, even tagged latest',
      yaml: deployment(`nginx:latest@${DIGEST}`, `nginx@${DIGEST}`),
    },
    { name: 'a tag named like latest but different (case matters)', yaml: deployment('nginx:Latest') },
  ],
  invalid: [
    {
      name: 'two containers, only the second on `latest`',
      yaml: deployment('nginx:1.27.3', 'fluent-bit:latest'),
      errors: [
        {
          message:
            /^container `app1` in Deployment `shop\/web` uses image `fluent-bit:latest`, the moving `latest` tag/,
          path: 'spec.template.spec.containers[1].image',
        },
      ],
    },
    {
      name: 'no tag, latest, and a registry port that is not a tag',
      yaml: deployment('nginx', 'nginx:latest', 'localhost:5000/web'),
      errors: [
        {
          message:
            'container `app0` in Deployment `shop/web` uses image `nginx` without a tag, which pulls `latest`; pin a version tag, ideally with a digest (`@sha256:...`)',
          path: 'spec.template.spec.containers[0].image',
          severity: 'medium',
        },
        {
          message:
            'container `app1` in Deployment `shop/web` uses image `nginx:latest`, the moving `latest` tag; pin a version tag, ideally with a digest (`@sha256:...`)',
          path: 'spec.template.spec.containers[1].image',
        },
        {
          message:
            'container `app2` in Deployment `shop/web` uses image `localhost:5000/web` without a tag, which pulls `latest`; pin a version tag, ideally with a digest (`@sha256:...`)',
          path: 'spec.template.spec.containers[2].image',
        },
      ],
    },
    {
      name: 'an ephemeral container in a Pod',
      yaml: `
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: app, image: nginx:1.27.3}
  ephemeralContainers:
    - {name: debug, image: busybox}
`,
      errors: [
        {
          message:
            'ephemeral container `debug` in Pod `web` uses image `busybox` without a tag, which pulls `latest`; pin a version tag, ideally with a digest (`@sha256:...`)',
          path: 'spec.ephemeralContainers[0].image',
        },
      ],
    },
  ],
});

it('PP-WL-021 examples: fail flags, pass passes', () => {
  const examples = imageTag.meta.examples as { fail: string; pass: string };
  assert.equal(runRule(imageTag, examples.fail).length, 1);
  assert.deepEqual(runRule(imageTag, examples.pass), []);
});
