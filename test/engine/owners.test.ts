import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scan } from '../../src/engine/scan.js';
import { loadManifestText } from '../../src/inputs/manifests.js';
import { RULES } from '../../src/rules/registry.js';

const PRIVILEGED = `    spec:
      containers:
        - name: app
          image: nginx:1.27
          securityContext: { privileged: true }`;

const CLUSTER_DUMP = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
${PRIVILEGED}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-5d8f
  namespace: shop
  ownerReferences: [{ apiVersion: apps/v1, kind: Deployment, name: web, uid: u1, controller: true }]
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
${PRIVILEGED}
---
apiVersion: v1
kind: Pod
metadata:
  name: web-5d8f-a
  namespace: shop
  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f, uid: u2, controller: true }]
${PRIVILEGED.replace(/^ {4}/gm, '')}
---
apiVersion: v1
kind: Node
metadata: { name: node-1 }
---
apiVersion: v1
kind: Pod
metadata:
  name: kube-proxy-node-1
  namespace: kube-system
  ownerReferences: [{ apiVersion: v1, kind: Node, name: node-1, uid: u3, controller: true }]
${PRIVILEGED.replace(/^ {4}/gm, '')}
`;

describe('controller-owned copies', () => {
  it('are judged once, on the top owner; a mirror Pod owned by its Node is judged itself', async () => {
    const { report } = await scan({
      paths: [],
      catalog: RULES,
      input: async () => loadManifestText('cluster.yaml', CLUSTER_DUMP),
    });
    const privileged = report.findings
      .filter((f) => f.ruleId === 'PP-PSS-001')
      .map((f) => `${f.resource.kind} ${f.resource.namespace}/${f.resource.name}`);
    assert.deepEqual(privileged, ['Deployment shop/web', 'Pod kube-system/kube-proxy-node-1']);
  });
});
