/** `parapet images --cluster` through the cluster front's reader: the digests the Pods run come from their status. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type FakeApiServer, SKIP_WITHOUT_OPENSSL, startFakeApiServer } from '../cluster/fake-apiserver.js';
import { deployment, namespace, replicaSet } from '../cluster/objects.js';
import { kubeconfigFile, parapetAsync } from '../cluster/run.js';

const RUNNING = 'sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31';

describe('parapet images --cluster', { skip: SKIP_WITHOUT_OPENSSL }, () => {
  let server: FakeApiServer;
  let kubeconfig: string;
  const web = deployment('shop', 'web');
  const pods = replicaSet(web, '5d8f');
  const runningPod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web-5d8f-a',
      namespace: 'shop',
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'web-5d8f',
          uid: 'uid-replicaset-web-5d8f',
          controller: true,
        },
      ],
    },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
    status: {
      containerStatuses: [
        { name: 'app', image: 'docker.io/library/nginx:1.27', imageID: `docker.io/library/nginx@${RUNNING}` },
      ],
    },
  };
  before(async () => {
    server = await startFakeApiServer({ objects: [namespace('shop'), web, pods, runningPod] });
    kubeconfig = kubeconfigFile(server.kubeconfig('edge'));
  });
  after(() => server.close());

  it('lists the Deployment once, with the digest its Pods run', async () => {
    const r = await parapetAsync(['images', '--cluster', '--kubeconfig', kubeconfig, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const { images } = JSON.parse(r.stdout) as {
      images: {
        image: string;
        digest?: string;
        digestSource?: string;
        workloads: { kind: string; name: string }[];
      }[];
    };
    assert.deepEqual(
      images.map((i) => [i.image, i.digest, i.digestSource, i.workloads.map((w) => `${w.kind} ${w.name}`)]),
      [['nginx:1.27', RUNNING, 'cluster', ['Deployment web']]],
    );
  });
});
