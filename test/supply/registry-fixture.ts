/**
 * A real registry for the tests: Debian's docker-registry (the distribution registry) started on a random
 * loopback port with a temporary storage directory, optionally over TLS; and pushes through its v2 API of small
 * images and cosign-format signatures made here (simple-signing payloads signed with ECDSA P-256 keys).
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, type KeyObject, sign } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REGISTRY_BINARY = '/usr/bin/docker-registry';
export const registryPresent = existsSync(REGISTRY_BINARY);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface Registry {
  host: string;
  base: string;
  stop(): void;
  /** Only for TLS: the CA (the self-signed certificate itself). */
  caFile?: string;
}

async function waitReady(base: string, child: ChildProcess, ca?: string): Promise<void> {
  const { default: https } = await import('node:https');
  const { default: http } = await import('node:http');
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const lib = base.startsWith('https') ? https : http;
      const req = lib.get(`${base}/v2/`, { ...(ca ? { ca } : {}), timeout: 1000 }, (res) => {
        res.resume();
        // 401: token auth is on, and the registry is answering
        resolve(res.statusCode === 200 || res.statusCode === 401);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => req.destroy());
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`registry at ${base} not ready within 30 s`);
}

export interface RegistryConfig {
  tls?: { certFile: string; keyFile: string };
  /** Token auth: the registry sends clients to `realm`, and trusts tokens signed by the certificate's key. */
  token?: { realm: string; service: string; issuer: string; certFile: string };
}

export async function startRegistry({ tls, token }: RegistryConfig = {}): Promise<Registry> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'parapet-registry-'));
  const config = path.join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log: {level: error, accesslog: {disabled: true}}',
      `storage: {filesystem: {rootdirectory: ${path.join(dir, 'data')}}, delete: {enabled: true}}`,
      'http:',
      `  addr: 127.0.0.1:${port}`,
      ...(tls ? ['  tls:', `    certificate: ${tls.certFile}`, `    key: ${tls.keyFile}`] : []),
      ...(token
        ? [
            'auth:',
            '  token:',
            `    realm: ${token.realm}`,
            `    service: ${token.service}`,
            `    issuer: ${token.issuer}`,
            `    rootcertbundle: ${token.certFile}`,
          ]
        : []),
      '',
    ].join('\n'),
  );
  const child = spawn(REGISTRY_BINARY, ['serve', config], { stdio: 'ignore' });
  const host = `127.0.0.1:${port}`;
  const base = `${tls ? 'https' : 'http'}://${host}`;
  const stop = () => {
    if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(base, child, tls ? readFileSync(tls.certFile, 'utf8') : undefined);
  } catch (error) {
    stop();
    throw error;
  }
  return { host, base, stop, ...(tls ? { caFile: tls.certFile } : {}) };
}

const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** Pushes through the v2 API (monolithic upload; manifests by PUT); returns digests. */
export class Pusher {
  constructor(
    private readonly base: string,
    private readonly ca?: string,
    /** `Bearer …` for a registry with token auth. */
    private readonly authorization?: string,
  ) {}

  private async call(method: string, url: string, body?: Buffer, contentType?: string) {
    const { default: https } = await import('node:https');
    const { default: http } = await import('node:http');
    const lib = url.startsWith('https') ? https : http;
    return new Promise<{ status: number; location?: string; digest?: string }>((resolve, reject) => {
      const req = lib.request(
        url,
        {
          method,
          ...(this.ca ? { ca: this.ca } : {}),
          headers: {
            ...(contentType ? { 'content-type': contentType } : {}),
            ...(this.authorization ? { authorization: this.authorization } : {}),
            'content-length': body?.length ?? 0,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              location: res.headers.location,
              digest: res.headers['docker-content-digest'] as string | undefined,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  async blob(repository: string, bytes: Buffer): Promise<string> {
    const digest = sha256(bytes);
    const start = await this.call('POST', `${this.base}/v2/${repository}/blobs/uploads/`);
    assert.equal(start.status, 202, `upload start: ${start.status}`);
    const location = new URL(start.location ?? '', this.base);
    location.searchParams.set('digest', digest);
    const put = await this.call('PUT', location.toString(), bytes, 'application/octet-stream');
    assert.equal(put.status, 201, `blob upload: ${put.status}`);
    return digest;
  }

  async manifest(repository: string, reference: string, manifest: unknown): Promise<string> {
    const bytes = Buffer.from(JSON.stringify(manifest));
    const put = await this.call(
      'PUT',
      `${this.base}/v2/${repository}/manifests/${reference}`,
      bytes,
      'application/vnd.oci.image.manifest.v1+json',
    );
    assert.equal(put.status, 201, `manifest upload: ${put.status}`);
    return sha256(bytes);
  }

  /** A small image: one config and one layer; returns its manifest digest. */
  async image(repository: string, tag: string, content: string): Promise<string> {
    const config = Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        config: {},
        rootfs: { type: 'layers', diff_ids: [] },
      }),
    );
    const layer = Buffer.from(content);
    const configDigest = await this.blob(repository, config);
    const layerDigest = await this.blob(repository, layer);
    return this.manifest(repository, tag, {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: configDigest,
        size: config.length,
      },
      layers: [
        { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layerDigest, size: layer.length },
      ],
    });
  }

  /**
   * A cosign signature artifact for `digest` at tag `sha256-<hex>.sig`: one simple-signing layer whose payload
   * names `names` (the signed digest; another digest makes a mismatch) signed by `key` (another key: invalid).
   */
  async signature(
    repository: string,
    digest: string,
    key: KeyObject,
    names = digest,
    host = '',
  ): Promise<void> {
    const payload = Buffer.from(
      JSON.stringify({
        critical: {
          identity: { 'docker-reference': `${host}/${repository}` },
          image: { 'docker-manifest-digest': names },
          type: 'cosign container image signature',
        },
        optional: null,
      }),
    );
    const signature = sign('sha256', payload, key).toString('base64');
    const config = Buffer.from('{}');
    const configDigest = await this.blob(repository, config);
    const payloadDigest = await this.blob(repository, payload);
    await this.manifest(repository, `${digest.replace(':', '-')}.sig`, {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: configDigest,
        size: config.length,
      },
      layers: [
        {
          mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json',
          digest: payloadDigest,
          size: payload.length,
          annotations: { 'dev.cosignproject.cosign/signature': signature },
        },
      ],
    });
  }
}

/**
 * A token server as the registry's token auth expects: an ES256 JWT (x5c: the certificate the registry trusts)
 * granting the requested scope, for anyone (anonymous pulls). Counts the tokens it issued.
 */
export async function startTokenServer(
  certFile: string,
  keyFile: string,
  issuer: string,
): Promise<{
  realm: string;
  issued: () => number;
  token: (scope: string, service: string) => string;
  stop: () => void;
}> {
  const { createServer: createHttp } = await import('node:http');
  const { createPrivateKey, X509Certificate } = await import('node:crypto');
  const cert = new X509Certificate(readFileSync(certFile));
  const key = createPrivateKey(readFileSync(keyFile));
  const b64 = (value: Buffer | string) => Buffer.from(value).toString('base64url');
  let count = 0;
  const token = (scope: string, service: string) => {
    const [type, name, actions] = scope.split(':');
    const now = Math.floor(Date.now() / 1000);
    const header = b64(JSON.stringify({ alg: 'ES256', typ: 'JWT', x5c: [cert.raw.toString('base64')] }));
    const claims = b64(
      JSON.stringify({
        iss: issuer,
        sub: '',
        aud: service,
        exp: now + 300,
        nbf: now - 10,
        iat: now,
        jti: String(++count),
        access: type && name ? [{ type, name, actions: (actions ?? 'pull').split(',') }] : [],
      }),
    );
    const signature = sign('sha256', Buffer.from(`${header}.${claims}`), { key, dsaEncoding: 'ieee-p1363' });
    return `${header}.${claims}.${b64(signature)}`;
  };
  const server = createHttp((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = JSON.stringify({
      token: token(url.searchParams.get('scope') ?? '', url.searchParams.get('service') ?? ''),
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { realm: `http://127.0.0.1:${port}/token`, issued: () => count, token, stop: () => server.close() };
}
