/**
 * `parapet etcd-check`'s reading: which Secrets (and, when asked, ConfigMaps) etcd holds encrypted, and by which
 * provider. Keys are listed first (keys-only); then each value is fetched on its own and only its first bytes are
 * looked at. etcd's Range API cannot return part of a value, so a value is in memory for as long as it takes to
 * read its prefix, one at a time; no byte beyond the provider prefix is kept, printed or written.
 */
import { readFile } from 'node:fs/promises';
import { objectOfKey, PREFIX_BYTES, storedForm } from './etcd-providers.js';

export const ETCD_RESOURCES = ['secrets', 'configmaps'] as const;
export type EtcdResource = (typeof ETCD_RESOURCES)[number];

export interface EtcdCheckOptions {
  endpoints: string[];
  cacert?: string;
  cert?: string;
  key?: string;
  /** etcd's own authentication (a user with read access to the prefix), where etcd has auth enabled. */
  auth?: { username: string; password: string };
  prefix: string;
  resources: readonly EtcdResource[];
  /** Milliseconds for each call to etcd. */
  timeoutMs: number;
}

export interface StoredObject {
  namespace: string;
  name: string;
  encrypted: boolean;
  provider: string;
}

export interface ResourceSummary {
  total: number;
  encrypted: number;
  plain: number;
  providers: Record<string, number>;
}

export type EtcdCheckResult = Partial<Record<EtcdResource, StoredObject[]>>;

/** A failure to reach or read etcd, as one line for the user. */
export class EtcdCheckError extends Error {
  override name = 'EtcdCheckError';
}

export function summarize(objects: readonly StoredObject[]): ResourceSummary {
  const providers: Record<string, number> = {};
  for (const o of objects) providers[o.provider] = (providers[o.provider] ?? 0) + 1;
  const encrypted = objects.filter((o) => o.encrypted).length;
  return { total: objects.length, encrypted, plain: objects.length - encrypted, providers };
}

async function readCredential(flag: string, file: string | undefined): Promise<Buffer | undefined> {
  if (file === undefined) return undefined;
  try {
    return await readFile(file);
  } catch (error) {
    throw new EtcdCheckError(
      `cannot read --${flag} ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
}

/** The error as one line: what failed, without the client's stack or any payload. */
function oneLine(error: unknown, endpoints: readonly string[], tls: boolean): EtcdCheckError {
  const name = (error as Error)?.name ?? 'Error';
  // gRPC appends an empty "Resolution note:" to connection errors
  const message = (String((error as Error)?.message ?? error).split('\n')[0] as string)
    .replace(/\s*Resolution note:\s*$/, '')
    .trim();
  const where = endpoints.join(',');
  // with auth on, etcd answers a client without a user (no client certificate CN) "user name is empty"
  if (
    /PermissionDenied|Unauthenticated|AuthenticationFailed|InvalidAuthToken|InvalidUser|InvalidPassword/.test(
      name,
    ) ||
    /permission denied|user name is empty|authentication failed|invalid auth token|invalid user ID or password/i.test(
      message,
    )
  )
    return new EtcdCheckError(`etcd at ${where} refused the read (permission denied): ${message}`);
  // a plain-text etcd resets the connection on a TLS hello, before any TLS error can be said
  if (/certificate|ssl|tls|handshake|secure/i.test(message) || (tls && /ECONNRESET/.test(message)))
    return new EtcdCheckError(`TLS with etcd at ${where} failed: ${message}`);
  return new EtcdCheckError(`cannot read from etcd at ${where}: ${message}`);
}

export async function checkEtcd(options: EtcdCheckOptions): Promise<EtcdCheckResult> {
  const [rootCertificate, certChain, privateKey] = await Promise.all([
    readCredential('cacert', options.cacert),
    readCredential('cert', options.cert),
    readCredential('key', options.key),
  ]);
  const tls = rootCertificate !== undefined || certChain !== undefined;
  if (tls && rootCertificate === undefined)
    throw new EtcdCheckError(
      "--cert and --key need --cacert (the CA that signed etcd's serving certificate)",
    );
  // the client is large (gRPC, protobuf): loaded only by this command
  const { Etcd3 } = await import('etcd3');
  const client = new Etcd3({
    hosts: options.endpoints,
    ...(tls ? { credentials: { rootCertificate: rootCertificate as Buffer, certChain, privateKey } } : {}),
    ...(options.auth ? { auth: options.auth } : {}),
    defaultCallOptions: () => ({ deadline: Date.now() + options.timeoutMs }),
  });
  try {
    const result: EtcdCheckResult = {};
    for (const resource of options.resources) {
      const resourcePrefix = `${options.prefix.replace(/\/+$/, '')}/${resource}/`;
      const keys = (await client.getAll().prefix(resourcePrefix).keys()).sort();
      const objects: StoredObject[] = [];
      for (const key of keys) {
        const object = objectOfKey(key, resourcePrefix);
        if (object === undefined) continue;
        const value = await client.get(key).buffer();
        if (value === null) continue; // deleted between the listing and the read
        objects.push({ ...object, ...storedForm(value.subarray(0, PREFIX_BYTES)) });
      }
      result[resource] = objects;
    }
    return result;
  } catch (error) {
    throw error instanceof EtcdCheckError ? error : oneLine(error, options.endpoints, tls);
  } finally {
    client.close();
  }
}
