/** Objects for the fake API server, as the API server stores them (a controller chain carries ownerReferences). */

type Obj = Record<string, unknown>;

const PRIVILEGED_CONTAINER = {
  name: 'app',
  image: 'nginx:1.27',
  securityContext: { privileged: true },
};

export function pod(namespace: string, name: string, owner?: Obj): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, ...(owner ? { ownerReferences: [ownerReference(owner)] } : {}) },
    spec: { containers: [PRIVILEGED_CONTAINER] },
  };
}

export function deployment(namespace: string, name: string): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, uid: `uid-deployment-${name}` },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [PRIVILEGED_CONTAINER] } },
    },
  };
}

export function replicaSet(owner: Obj, hash: string): Obj {
  const { name, namespace } = owner.metadata as { name: string; namespace: string };
  const spec = owner.spec as { template: Obj; selector: Obj };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${name}-${hash}`,
      namespace,
      uid: `uid-replicaset-${name}-${hash}`,
      ownerReferences: [ownerReference(owner)],
    },
    spec: { replicas: 2, selector: spec.selector, template: spec.template },
  };
}

export function namespace(name: string): Obj {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

export function secret(namespace: string, name: string): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace },
    type: 'Opaque',
    data: { password: Buffer.from('hunter2-very-secret-value').toString('base64') },
  };
}

function ownerReference(owner: Obj) {
  const metadata = owner.metadata as { name: string; uid: string };
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: metadata.name,
    uid: metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}
