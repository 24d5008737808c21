import assert from 'node:assert/strict';
import { it } from 'node:test';
import { imagePullPolicy } from '../../../src/rules/workloads/image-pull-policy.js';
import { ruleTester, runRule } from '../../helpers/rule-tester.js';

const DIGEST = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

/** Containers as `image|policy` (policy omitted: not set). */
const pod = (...containers: string[]) => `
apiVersion: v1
kind: Pod
metadata: {name: sensor, namespace: plant}
spec:
  containers:
${containers
  .map((c, i) => {
    const [image, policy] = c.split('|');
    return `    - {name: c${i}, image: "${image}"${policy ? `, imagePullPolicy: ${policy}` : ''}}`;
  })
  .join('\n')}
`;

ruleTester(imagePullPolicy, {
  valid: [
    { name: 'mutable tags pulled Always', yaml: pod('nginx:1.27|Always', 'app:stable|Always') },
    {
      name: 'no tag or latest with the default policy (which is Always)',
      yaml: pod('nginx', 'nginx:latest'),
    },
    {
      name: 'full versions and digests with IfNotPresent',
      yaml: pod('nginx:1.27.3|IfNotPresent', `nginx:latest@${DIGEST}|Never`, 'app:sha-3f2a9c1|IfNotPresent'),
    },
    { name: 'a full version with the default policy', yaml: pod('nginx:1.27.3-alpine') },
  ],
  invalid: [
    {
      name: 'latest with IfNotPresent, a partial version by default, a moving name with Never',
      yaml: pod(
        'nginx:latest|IfNotPresent',
        'nginx:1.27-alpine',
        'ghcr.io/acme/agent:stable|Never',
        'busybox|IfNotPresent',
      ),
      errors: [
        {
          message:
            'container `c0` in Pod `plant/sensor` runs image `nginx:latest`, a mutable tag, with `imagePullPolicy: IfNotPresent`, so nodes keep whatever image they pulled first; pin the image by digest or set `imagePullPolicy: Always`',
          path: 'spec.containers[0].imagePullPolicy',
          severity: 'info',
        },
        {
          message:
            'container `c1` in Pod `plant/sensor` runs image `nginx:1.27-alpine`, a mutable tag, with the default `imagePullPolicy` (IfNotPresent for a tagged image), so nodes keep whatever image they pulled first; pin the image by digest or set `imagePullPolicy: Always`',
          path: 'spec.containers[1].imagePullPolicy',
        },
        {
          message:
            'container `c2` in Pod `plant/sensor` runs image `ghcr.io/acme/agent:stable`, a mutable tag, with `imagePullPolicy: Never`, so nodes keep whatever image they pulled first; pin the image by digest or set `imagePullPolicy: Always`',
          path: 'spec.containers[2].imagePullPolicy',
        },
        {
          message:
            'container `c3` in Pod `plant/sensor` runs image `busybox`, a mutable tag, with `imagePullPolicy: IfNotPresent`, so nodes keep whatever image they pulled first; pin the image by digest or set `imagePullPolicy: Always`',
          path: 'spec.containers[3].imagePullPolicy',
        },
      ],
    },
  ],
});

it('PP-WL-023 examples: fail flags, pass passes', () => {
  const examples = imagePullPolicy.meta.examples as { fail: string; pass: string };
  assert.equal(runRule(imagePullPolicy, examples.fail).length, 1);
  assert.deepEqual(runRule(imagePullPolicy, examples.pass), []);
});
