/**
 * A snapshot: what one cluster read returned, preserved as a `.tar.gz` of YAML files by namespace and kind
 * (`namespaces/shop/Deployment.apps.yaml`, `cluster/ClusterRole.rbac.authorization.k8s.io.yaml`) and
 * `snapshot.json` (server, context, version, time, and the read's notes: what was unreadable). Secret values are
 * never stored: each becomes the SHA-256 fingerprint of its bytes. Read back, a snapshot is a scan input whose
 * objects keep their uids, so an offline scan reports what the live scan reported.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import type { Note } from '../findings/finding.js';
import { isPlatformFact } from '../inventory/platform-facts.js';
import { type KubeObject, type Resource, toResource } from '../inventory/resource.js';
import { asRecord } from '../inventory/values.js';
import type { ClusterRead } from './read.js';

export { isSnapshotPath } from './snapshot-path.js';

export const SNAPSHOT_FORMAT = 'parapet-snapshot/v1';
const MANIFEST = 'snapshot.json';
/** The annotation kubectl apply leaves: on a Secret it repeats the values. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export interface SnapshotInfo {
  format: typeof SNAPSHOT_FORMAT;
  takenAt: string;
  server: string;
  context: string;
  serverVersion: string;
  /** The namespace of a `-n` read; absent for the whole cluster. */
  namespace?: string;
  /** Secrets were read whole (their values are fingerprints here); else metadata only. */
  readSecrets: boolean;
  objects: number;
  /** The read's notes: what could not be read and which rules that leaves unjudged. */
  notes: Note[];
  /** The YAML files, in the order the objects were read. */
  files: string[];
  /**
   * The file of the platform facts read beside the objects (the API server's version and certificates, mirror
   * pods' flags, kubelet configz): scanned with the objects, but not objects to compare in a diff.
   */
  factsFile?: string;
}

export interface Snapshot {
  info: SnapshotInfo;
  resources: Resource[];
  facts: Resource[];
}

const FACTS_FILE = 'platform/facts.yaml';

/** A problem with a snapshot file: one line for the user, exit 2. */
export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

/** `sha256:…` of a value's bytes (a Secret's `data` is base64: its decoded bytes). */
export function fingerprint(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** A Secret with every value replaced by its fingerprint; other objects unchanged. */
export function withoutSecretValues(object: KubeObject): KubeObject {
  if (object.kind !== 'Secret' || object.apiVersion !== 'v1') return object;
  const out: KubeObject = { ...object };
  const data = asRecord(object.data);
  if (data !== undefined)
    out.data = Object.fromEntries(
      Object.entries(data).map(([k, v]) => [k, fingerprint(Buffer.from(String(v), 'base64'))]),
    );
  const stringData = asRecord(object.stringData);
  if (stringData !== undefined)
    out.stringData = Object.fromEntries(
      Object.entries(stringData).map(([k, v]) => [k, fingerprint(Buffer.from(String(v), 'utf8'))]),
    );
  const metadata = asRecord(object.metadata);
  const annotations = asRecord(metadata?.annotations);
  if (metadata !== undefined && typeof annotations?.[LAST_APPLIED] === 'string')
    out.metadata = {
      ...metadata,
      annotations: { ...annotations, [LAST_APPLIED]: fingerprint(Buffer.from(annotations[LAST_APPLIED])) },
    };
  return out;
}

/** `namespaces/shop/Deployment.apps.yaml`, `cluster/Namespace.yaml`. */
function fileOf(object: KubeObject): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');
  const apiVersion = String(object.apiVersion);
  const group = apiVersion.includes('/') ? `.${apiVersion.split('/')[0]}` : '';
  const namespace = asRecord(object.metadata)?.namespace;
  const dir = typeof namespace === 'string' && namespace !== '' ? `namespaces/${safe(namespace)}` : 'cluster';
  return `${dir}/${safe(String(object.kind))}${safe(group)}.yaml`;
}

const YAML_OPTIONS = { schema: yaml.CORE_SCHEMA, noRefs: true, lineWidth: -1 };

/** Writes the read to `file` (a `.tar.gz`); returns what snapshot.json says. */
export async function writeSnapshot(
  read: ClusterRead,
  file: string,
  options: { namespace?: string; readSecrets?: boolean; now?: Date } = {},
): Promise<SnapshotInfo> {
  const { create } = await import('tar');
  const byFile = new Map<string, string[]>();
  const objects = read.resources.filter((resource) => !isPlatformFact(resource));
  const facts = read.resources.filter(isPlatformFact).map((fact) => yaml.dump(fact.object, YAML_OPTIONS));
  for (const resource of objects) {
    const name = fileOf(resource.object);
    const documents = byFile.get(name) ?? [];
    documents.push(yaml.dump(withoutSecretValues(resource.object), YAML_OPTIONS));
    byFile.set(name, documents);
  }
  const info: SnapshotInfo = {
    format: SNAPSHOT_FORMAT,
    takenAt: (options.now ?? new Date()).toISOString(),
    server: read.server,
    context: read.context,
    serverVersion: read.serverVersion,
    ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
    readSecrets: options.readSecrets ?? false,
    objects: objects.length,
    notes: read.notes,
    files: [...byFile.keys()],
    ...(facts.length > 0 ? { factsFile: FACTS_FILE } : {}),
  };
  const staging = await mkdtemp(path.join(tmpdir(), 'parapet-snapshot-'));
  try {
    await writeFile(path.join(staging, MANIFEST), `${JSON.stringify(info, null, 2)}\n`);
    for (const [name, documents] of byFile) {
      await mkdir(path.dirname(path.join(staging, name)), { recursive: true });
      await writeFile(path.join(staging, name), documents.join('---\n'));
    }
    if (facts.length > 0) {
      await mkdir(path.dirname(path.join(staging, FACTS_FILE)), { recursive: true });
      await writeFile(path.join(staging, FACTS_FILE), facts.join('---\n'));
    }
    const names = [MANIFEST, ...byFile.keys(), ...(facts.length > 0 ? [FACTS_FILE] : [])];
    await create({ gzip: true, file, cwd: staging, portable: true }, names);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return info;
}

/** Reads a snapshot back, Secret values as their fingerprints; a SnapshotError when the file is not one. */
export async function readSnapshot(file: string): Promise<Snapshot> {
  const { list } = await import('tar');
  const entries = new Map<string, Buffer>();
  try {
    await list({
      file,
      onReadEntry(entry) {
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => entries.set(entry.path.replace(/^\.\//, ''), Buffer.concat(chunks)));
      },
    });
  } catch (error) {
    throw new SnapshotError(`cannot read snapshot ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  const manifest = entries.get(MANIFEST);
  let info: SnapshotInfo;
  try {
    info = JSON.parse(manifest?.toString('utf8') ?? '') as SnapshotInfo;
  } catch {
    throw new SnapshotError(`${file} is not a parapet snapshot (no readable ${MANIFEST})`);
  }
  if (info?.format !== SNAPSHOT_FORMAT || !Array.isArray(info.files))
    throw new SnapshotError(`${file} is not a ${SNAPSHOT_FORMAT} snapshot`);
  const resources: Resource[] = [];
  const read = (name: string, into: Resource[]) => {
    const text = entries.get(name);
    if (text === undefined) throw new SnapshotError(`${file} lacks ${name}, which ${MANIFEST} lists`);
    let documents: unknown[];
    try {
      documents = yaml.loadAll(text.toString('utf8'), undefined, { schema: yaml.CORE_SCHEMA });
    } catch {
      throw new SnapshotError(`${file}: ${name} is not valid YAML`);
    }
    for (const document of documents) {
      const object = document as KubeObject;
      const uid = asRecord(object?.metadata)?.uid;
      const index = resources.length + facts.length;
      const resource = toResource(object, typeof uid === 'string' ? { uid } : {}, index);
      if (resource !== undefined) into.push(resource);
    }
  };
  const facts: Resource[] = [];
  for (const name of info.files) read(name, resources);
  if (typeof info.factsFile === 'string') read(info.factsFile, facts);
  return { info, resources, facts };
}

/**
 * Fingerprints stand for values, they are not values: a Secret read back has its metadata and type, as a
 * metadata-only read gives, so the rules that judge contents do not judge the fingerprints.
 */
function withoutFingerprints(object: KubeObject): KubeObject {
  if (object?.kind !== 'Secret' || object.apiVersion !== 'v1') return object;
  const { data: _data, stringData: _stringData, ...rest } = object;
  return rest;
}

/** A snapshot as scan input: its objects, the live read's notes, and when it was taken. */
export async function snapshotScanInput(
  file: string,
): Promise<{ resources: Resource[]; notes: Note[]; inputErrors: boolean }> {
  const { info, resources: objects, facts } = await readSnapshot(file);
  const resources: Resource[] = [];
  for (const { object, origin, index } of [...objects, ...facts]) {
    const resource = toResource(withoutFingerprints(object), origin, index);
    if (resource !== undefined) resources.push(resource);
  }
  const notes: Note[] = [
    {
      level: 'info',
      message: `snapshot ${file} of ${info.server} (context ${info.context}), taken ${info.takenAt}`,
    },
    ...info.notes,
  ];
  if (info.readSecrets)
    notes.push({
      level: 'info',
      message: 'Secret values are fingerprints in a snapshot: Secrets are judged by their metadata only',
    });
  return { resources, notes, inputErrors: false };
}
