import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { imageSource, parseImage, registryAllows } from '../../../src/rules/workloads/image-ref.js';
import { imageRegistry } from '../../../src/rules/workloads/image-registry.js';
import { webDeployment } from '../../helpers/manifests.js';
import { ruleTester, runRule } from '../../helpers/rule-tester.js';

const pod = (...images: string[]) => `
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  initContainers:
    - {name: init, image: ${images[0]}}
  containers:
${images
  .slice(1)
  .map((image, i) => `    - {name: app${i}, image: "${image}"}`)
  .join('\n')}
`;

const allowed = { allowedRegistries: ['registry.example.com', 'docker.io/library', '*.corp.example'] };

ruleTester(imageRegistry, {
  valid: [
    { name: 'default: no allowed list, the rule is off', yaml: pod('evil.example.net/x:1', 'nginx:1.27.3') },
    {
      name: 'images from allowed hosts, prefixes and wildcards',
      yaml: pod(
        'registry.example.com/tools/init:1.0',
        'nginx:1.27.3',
        'docker.io/library/redis:7.2.4',
        'index.docker.io/library/alpine:3.19.1',
        'mirror.corp.example/app:2@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      ),
      params: allowed,
    },
    {
      name: 'image without a string image is skipped (malformed, never throws)',
      yaml: `
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  containers:
    - {name: app, image: {nested: true}}
    - name: other
`,
      params: allowed,
    },
  ],
  invalid: [
    {
      name: 'Docker Hub non-library image, GHCR image and a registry that only shares a prefix',
      yaml: pod('bitnami/kubectl:1.30.2', 'ghcr.io/acme/app:1.2.3', 'registry.example.com.evil.net/app:1'),
      params: allowed,
      errors: [
        {
          message:
            'init container `init` in Pod `shop/web` uses image `bitnami/kubectl:1.30.2` from `docker.io/bitnami`, which is not on the allowed list (registry.example.com, docker.io/library, *.corp.example); mirror the image into an allowed registry or add its registry to `allowedRegistries`',
          path: 'spec.initContainers[0].image',
          severity: 'medium',
        },
        {
          message:
            'container `app0` in Pod `shop/web` uses image `ghcr.io/acme/app:1.2.3` from `ghcr.io/acme`, which is not on the allowed list (registry.example.com, docker.io/library, *.corp.example); mirror the image into an allowed registry or add its registry to `allowedRegistries`',
          path: 'spec.containers[0].image',
        },
        {
          message:
            'container `app1` in Pod `shop/web` uses image `registry.example.com.evil.net/app:1` from `registry.example.com.evil.net`, which is not on the allowed list (registry.example.com, docker.io/library, *.corp.example); mirror the image into an allowed registry or add its registry to `allowedRegistries`',
          path: 'spec.containers[1].image',
        },
      ],
    },
    {
      name: 'Docker Hub official image when only a private registry is allowed',
      yaml: webDeployment(`      containers:
        - {name: app, image: nginx}`),
      params: { allowedRegistries: ['registry.example.com/'] },
      errors: [
        {
          message:
            'container `app` in Deployment `shop/web` uses image `nginx` from `docker.io/library`, which is not on the allowed list (registry.example.com/); mirror the image into an allowed registry or add its registry to `allowedRegistries`',
          path: 'spec.template.spec.containers[0].image',
        },
      ],
    },
  ],
});

describe('PP-WL-020 image references', () => {
  it('parses Docker Hub defaults, hosts with ports, tags and digests', () => {
    assert.deepEqual(parseImage('nginx'), {
      raw: 'nginx',
      registry: 'docker.io',
      repository: 'library/nginx',
    });
    assert.deepEqual(parseImage('localhost:5000/app:1.0'), {
      raw: 'localhost:5000/app:1.0',
      registry: 'localhost:5000',
      repository: 'app',
      tag: '1.0',
    });
    const pinned = parseImage(
      'ghcr.io/acme/app:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    );
    assert.equal(pinned?.tag, 'latest');
    assert.equal(pinned?.digest?.startsWith('sha256:'), true);
    assert.equal(parseImage('{{ .Values.image }}'), undefined);
    assert.equal(parseImage(42), undefined);
    assert.equal(
      imageSource(parseImage('nginx:1') as NonNullable<ReturnType<typeof parseImage>>),
      'docker.io/library',
    );
  });

  it('matches allowed entries on whole host and path components', () => {
    const ref = parseImage('ghcr.io/acme/app:1') as NonNullable<ReturnType<typeof parseImage>>;
    assert.equal(registryAllows('ghcr.io', ref), true);
    assert.equal(registryAllows('ghcr.io/acme', ref), true);
    assert.equal(registryAllows('https://ghcr.io/acme/', ref), true);
    assert.equal(registryAllows('ghcr.io/ac', ref), false);
    assert.equal(registryAllows('*.io', ref), true);
    assert.equal(registryAllows('*.ghcr.io', ref), false);
  });

  it('passes its pass example and flags its fail example once configured', () => {
    const examples = imageRegistry.meta.examples as { fail: string; pass: string };
    const params = { allowedRegistries: ['registry.example.com'] };
    assert.equal(runRule(imageRegistry, examples.fail, params).length, 1);
    assert.deepEqual(runRule(imageRegistry, examples.pass, params), []);
    assert.deepEqual(runRule(imageRegistry, examples.fail), []);
  });
});
