/**
 * A small client for the registry v2 API (the distribution spec): manifests and blobs, with anonymous token auth
 * where the registry answers 401 with `WWW-Authenticate: Bearer realm=…,service=…,scope=…`. It talks only to the
 * registry an image names (and a token realm on that registry's own domain), with a timeout per request and a
 * few retries on network errors, 429 and 5xx. HTTPS unless the host is given as --insecure-registry.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';

export interface RegistryOptions {
  /** Extra CA certificates (PEM) trusted for registries, besides the system's. */
  ca?: string;
  /** Hosts (`host:port`) spoken to over plain HTTP. */
  insecure?: ReadonlySet<string>;
  timeoutMs?: number;
  retries?: number;
}

export interface RegistryResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** The registry could not be reached (DNS, connection, TLS, timeout) after the retries. */
export class UnreachableError extends Error {
  override name = 'UnreachableError';
}

/** Manifests and signature artifacts are small; refuse anything larger rather than buffer it. */
const MAX_BODY = 4 * 1024 * 1024;

export const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** Docker Hub's API lives on registry-1.docker.io. */
export function apiHost(registry: string): string {
  return registry === 'docker.io' ? 'registry-1.docker.io' : registry;
}

/**
 * The domain a token realm must share with the registry: the last two labels of a host name (`auth.docker.io` →
 * `docker.io`), or the address itself for an IP address (any port).
 */
function domainOf(host: string): string {
  const name = host.replace(/:\d+$/, '');
  if (/^[\d.]+$/.test(name) || name.startsWith('[')) return name;
  return name.split('.').slice(-2).join('.');
}

interface Challenge {
  realm: string;
  service?: string;
  scope?: string;
}

/** `Bearer realm="https://auth.example.com/token",service="registry",scope="repository:a/b:pull"`. */
export function parseBearer(header: string | undefined): Challenge | undefined {
  if (header === undefined || !/^bearer\s/i.test(header)) return undefined;
  const params: Record<string, string> = {};
  for (const m of header.slice(7).matchAll(/(\w+)="([^"]*)"/g))
    params[(m[1] as string).toLowerCase()] = m[2] as string;
  if (params.realm === undefined) return undefined;
  return { realm: params.realm, service: params.service, scope: params.scope };
}

export class RegistryClient {
  private readonly tokens = new Map<string, string>();
  private readonly timeoutMs: number;
  private readonly retries: number;

  constructor(private readonly options: RegistryOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retries = options.retries ?? 2;
  }

  private base(registry: string): string {
    const host = apiHost(registry);
    return `${this.options.insecure?.has(registry) || this.options.insecure?.has(host) ? 'http' : 'https'}://${host}`;
  }

  /** One request with retries; network failures become UnreachableError. */
  private async send(url: URL, method: string, headers: Record<string, string>): Promise<RegistryResponse> {
    let lastError: unknown;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** (attempt - 1)));
      try {
        const response = await this.once(url, method, headers);
        if ((response.status === 429 || response.status >= 500) && attempt < this.retries) continue;
        return response;
      } catch (error) {
        lastError = error;
      }
    }
    const reason = lastError instanceof Error ? lastError.message : String(lastError);
    throw new UnreachableError(`${url.host}: ${reason}`);
  }

  private once(url: URL, method: string, headers: Record<string, string>): Promise<RegistryResponse> {
    return new Promise((resolve, reject) => {
      const lib = url.protocol === 'http:' ? http : https;
      const request = lib.request(
        url,
        { method, headers, timeout: this.timeoutMs, ...(this.options.ca ? { ca: this.options.ca } : {}) },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY) {
              request.destroy(new Error(`response larger than ${MAX_BODY} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: Buffer.concat(chunks),
            }),
          );
          response.on('error', reject);
        },
      );
      request.on('timeout', () => request.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      request.on('error', reject);
      request.end();
    });
  }

  /** An anonymous pull token from the realm the registry named (only on the registry's own domain). */
  private async token(
    registry: string,
    challenge: Challenge,
    repository: string,
  ): Promise<string | undefined> {
    const realm = new URL(challenge.realm);
    if (domainOf(realm.host) !== domainOf(apiHost(registry)))
      throw new UnreachableError(
        `${registry}: token realm ${realm.host} is not on the registry's domain; parapet talks only to the registry an image names`,
      );
    if (challenge.service) realm.searchParams.set('service', challenge.service);
    realm.searchParams.set('scope', challenge.scope ?? `repository:${repository}:pull`);
    const response = await this.send(realm, 'GET', { accept: 'application/json' });
    if (response.status !== 200) return undefined;
    const body = JSON.parse(response.body.toString('utf8')) as { token?: string; access_token?: string };
    return body.token ?? body.access_token;
  }

  /** A v2 request for one repository: token auth when the registry asks for it. */
  async request(
    registry: string,
    repository: string,
    method: 'GET' | 'HEAD',
    path: string,
    accept?: string,
  ): Promise<RegistryResponse> {
    const url = new URL(`${this.base(registry)}/v2/${repository}/${path}`);
    const key = `${registry}/${repository}`;
    const headers = (): Record<string, string> => {
      const h: Record<string, string> = {};
      if (accept) h.accept = accept;
      const token = this.tokens.get(key);
      if (token) h.authorization = `Bearer ${token}`;
      return h;
    };
    let response = await this.send(url, method, headers());
    if (response.status === 401) {
      const challenge = parseBearer(response.headers['www-authenticate'] as string | undefined);
      if (challenge === undefined) return response;
      const token = await this.token(registry, challenge, repository);
      if (token === undefined) return response;
      this.tokens.set(key, token);
      response = await this.send(url, method, headers());
    }
    return response;
  }

  /** The manifest's digest as the registry serves it: Docker-Content-Digest on HEAD, else the GET body's hash. */
  async resolve(
    registry: string,
    repository: string,
    reference: string,
  ): Promise<{ status: number; digest?: string }> {
    const head = await this.request(registry, repository, 'HEAD', `manifests/${reference}`, MANIFEST_TYPES);
    if (head.status !== 200) return { status: head.status };
    const header = head.headers['docker-content-digest'];
    if (typeof header === 'string' && header.startsWith('sha256:')) return { status: 200, digest: header };
    const get = await this.request(registry, repository, 'GET', `manifests/${reference}`, MANIFEST_TYPES);
    if (get.status !== 200) return { status: get.status };
    return { status: 200, digest: `sha256:${createHash('sha256').update(get.body).digest('hex')}` };
  }
}
