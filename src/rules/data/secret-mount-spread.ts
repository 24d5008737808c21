import type { FieldPath } from '../../inventory/field-path.js';
import { namespaceOf } from '../../inventory/inventory.js';
import { POD_CONTROLLER_KINDS } from '../../inventory/pod-specs.js';
import { describeResource, type Resource } from '../../inventory/resource.js';
import { CIS, OWASP } from '../../references/controls.js';
import { classifyCredential } from '../credentials.js';
import { asArray, asRecord } from '../helpers.js';
import { secretEntries } from '../secret-data.js';
import type { InventoryRule, ResourceViolation } from '../types.js';

interface Params {
  maxWorkloads: number;
}

/** The key of the first private key the Secret holds (a PEM key, `tls.key`, `ssh-privatekey`, `id_rsa`...). */
function privateKeyIn(secret: Resource): string | undefined {
  return secretEntries(secret).find((e) => classifyCredential(e.key, e.value)?.kind === 'private-key')?.key;
}

/** How many mounting workloads a message names before "and N more". */
const LISTED = 5;

interface Mount {
  workload: Resource;
  /** The first volume (or projected source) of the workload that mounts the Secret. */
  path: FieldPath;
}

/** `secret.secretName` volumes and `projected.sources[].secret.name`, with their paths inside the pod spec. */
function* mountedSecrets(spec: Record<string, unknown>): Generator<{ name: string; path: FieldPath }> {
  for (const [index, item] of asArray(spec.volumes).entries()) {
    const volume = asRecord(item);
    const secretName = asRecord(volume?.secret)?.secretName;
    if (typeof secretName === 'string' && secretName !== '') {
      yield { name: secretName, path: ['volumes', index, 'secret', 'secretName'] };
    }
    for (const [source, entry] of asArray(asRecord(volume?.projected)?.sources).entries()) {
      const name = asRecord(asRecord(entry)?.secret)?.name;
      if (typeof name === 'string' && name !== '') {
        yield { name, path: ['volumes', index, 'projected', 'sources', source, 'secret', 'name'] };
      }
    }
  }
}

/**
 * One Secret mounted into many workloads: compromising any of them yields it, and rotating it touches all of
 * them. Counted per workload (a Deployment and the ReplicaSet or Pods it owns, when all are in the input, count
 * once); env references are PP-WL-033's business.
 */
export const secretMountSpread: InventoryRule<Params> = {
  meta: {
    id: 'PP-DATA-001',
    title: 'Secret mounted into many workloads',
    chapter: 'data',
    severity: 'info',
    recommendation: 'Mount each Secret only into the few workloads that need it.',
    rationale:
      'A Secret is as safe as the least hardened pod that mounts it: every workload that mounts it is one more place from which it can be read after a compromise, and one more to restart when it is rotated. A Secret shared by many workloads is usually one credential doing several jobs. Reported medium when the Secret (in the input) holds a private key: a TLS or SSH key shared that widely lets any of those workloads act as its owner.',
    silentWhen:
      'about a private key when the Secret itself is not in the input: the finding is then reported at its usual severity, since what the Secret holds is unknown.',
    remediation:
      'Give each workload (or each purpose) its own Secret with only the keys it needs, and its own credential behind it; where one shared Secret is intended, raise `maxWorkloads` for this rule in parapet.yaml.',
    references: [CIS.secretsAccess, OWASP.secrets],
    params: {
      schema: {
        type: 'object',
        properties: {
          maxWorkloads: {
            type: 'integer',
            minimum: 1,
            default: 3,
            description: 'Most workloads that may mount the same Secret.',
          },
        },
        additionalProperties: false,
      },
      defaults: { maxWorkloads: 3 },
    },
    appliesTo: ['Secret', ...POD_CONTROLLER_KINDS],
    examples: {
      fail: `apiVersion: v1
kind: Secret
metadata: {name: db, namespace: shop}
type: Opaque
stringData: {password: change-me}
${['api', 'worker', 'reports', 'admin']
  .map(
    (name) => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  template:
    spec:
      volumes:
        - name: db
          secret: {secretName: db}
      containers:
        - name: ${name}
          image: registry.example.com/shop/${name}:1.0.0
          volumeMounts:
            - {name: db, mountPath: /run/secrets/db, readOnly: true}
`,
  )
  .join('')}`,
      pass: `apiVersion: v1
kind: Secret
metadata: {name: db-api, namespace: shop}
type: Opaque
stringData: {password: change-me}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  template:
    spec:
      volumes:
        - name: db
          secret: {secretName: db-api}
      containers:
        - name: api
          image: registry.example.com/shop/api:1.0.0
          volumeMounts:
            - {name: db, mountPath: /run/secrets/db, readOnly: true}
`,
    },
  },
  target: 'inventory',
  *check({ inventory, params }) {
    const max = params.maxWorkloads;
    const bySecret = new Map<string, { namespace: string; name: string; mounts: Mount[] }>();
    for (const { resource, template } of inventory.podWorkloads()) {
      if (inventory.controllerOf(resource) !== undefined) continue;
      const namespace = namespaceOf(resource);
      const seen = new Set<string>();
      for (const { name, path } of mountedSecrets(template.spec)) {
        if (seen.has(name)) continue;
        seen.add(name);
        const key = `${namespace}\u0000${name}`;
        let entry = bySecret.get(key);
        if (entry === undefined) {
          entry = { namespace, name, mounts: [] };
          bySecret.set(key, entry);
        }
        entry.mounts.push({ workload: resource, path: [...template.specPath, ...path] });
      }
    }
    for (const { namespace, name, mounts } of bySecret.values()) {
      if (mounts.length <= max) continue;
      const listed = mounts.slice(0, LISTED).map((m) => describeResource(m.workload));
      const more = mounts.length > LISTED ? `, and ${mounts.length - LISTED} more` : '';
      const secret = inventory.get('Secret', namespace, name);
      const privateKey = secret === undefined ? undefined : privateKeyIn(secret);
      const keyNote =
        privateKey === undefined
          ? ''
          : `; it holds a private key (key \`${privateKey}\`), which lets any of them act as the key's owner`;
      const message =
        `Secret \`${namespace}/${name}\` is mounted by ${mounts.length} workloads (more than ${max}): ` +
        `${listed.join(', ')}${more}; give each workload its own Secret with only the keys it needs${keyNote}`;
      const violation: ResourceViolation =
        secret === undefined
          ? { resource: mounts[0].workload, path: mounts[0].path, message }
          : { resource: secret, path: ['metadata', 'name'], message };
      if (privateKey !== undefined) violation.severity = 'medium';
      yield violation;
    }
  },
};
