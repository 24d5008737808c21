/**
 * `parapet verify-images` against a real registry (Debian's docker-registry, which .ci/run installs), started
 * here on a random loopback port, over plain HTTP (--insecure-registry) and over TLS with a self-signed CA
 * (--registry-ca). The images and cosign-format signatures are pushed by the test, with keys made per run.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { selfSignedPair } from '../../src/admission/self-signed.js';
import { parapet } from '../helpers/cli.js';
import { missingData } from '../helpers/conformance.js';
import { BIN } from '../helpers/paths.js';
import {
  Pusher,
  REGISTRY_BINARY,
  type Registry,
  registryPresent,
  startRegistry,
  startTokenServer,
} from './registry-fixture.js';

const SKIP = `${REGISTRY_BINARY} not found (apt-get install docker-registry): skipped`;
const MISSING = 'sha256:1111111111111111111111111111111111111111111111111111111111111111';

const deployment = (name: string, image: string) => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: app, image: "${image}"}]
`;

/** `parapet ...args` without blocking this process's servers. */
function parapetAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

interface Verdict {
  image: string;
  status: string;
  digest?: string;
  resolvedFromTag?: boolean;
  detail: string;
}

function verdicts(stdout: string): Record<string, Verdict> {
  const out: Record<string, Verdict> = {};
  for (const v of (JSON.parse(stdout) as { images: Verdict[] }).images) out[v.image] = v;
  return out;
}

const work = mkdtempSync(path.join(tmpdir(), 'parapet-verify-'));
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const keyFile = path.join(work, 'cosign.pub');
writeFileSync(keyFile, publicKey.export({ type: 'spki', format: 'pem' }));

/** Pushes the cases into `registry` and writes the manifests naming them; returns the manifest file. */
async function seed(
  registry: Registry,
  ca?: string,
  authorization?: (repository: string) => string,
): Promise<{ file: string; digests: Record<string, string> }> {
  // one pusher per repository: a token grants one repository
  const pusher = (repository: string) => new Pusher(registry.base, ca, authorization?.(repository));
  const push = {
    image: (repository: string, tag: string, content: string) =>
      pusher(repository).image(repository, tag, content),
    signature: (repository: string, digest: string, key: KeyObject, names: string, host: string) =>
      pusher(repository).signature(repository, digest, key, names, host),
  };
  const h = registry.host;
  const web = await push.image('shop/web', '1.0', 'web 1.0');
  await push.signature('shop/web', web, privateKey, web, h);
  const api = await push.image('shop/api', '2.0', 'api 2.0');
  await push.signature('shop/api', api, privateKey, api, h);
  await push.image('shop/unsigned', '1.0', 'unsigned 1.0');
  const tampered = await push.image('shop/tampered', '1.0', 'tampered 1.0');
  await push.signature('shop/tampered', tampered, other.privateKey, tampered, h);
  const moved = await push.image('shop/moved', '1.0', 'moved 1.0');
  await push.signature('shop/moved', moved, privateKey, MISSING, h);
  const file = path.join(work, `site-${registry.host.replace(':', '-')}.yaml`);
  writeFileSync(
    file,
    [
      deployment('web', `${h}/shop/web:1.0`),
      deployment('api', `${h}/shop/api:2.0@${api}`),
      deployment('unsigned', `${h}/shop/unsigned:1.0`),
      deployment('tampered', `${h}/shop/tampered:1.0`),
      deployment('moved', `${h}/shop/moved:1.0`),
      deployment('gone', `${h}/shop/web@${MISSING}`),
    ].join(''),
  );
  return { file, digests: { web, api, tampered, moved } };
}

after(() => rmSync(work, { recursive: true, force: true }));

describe('parapet verify-images (real registry, plain HTTP)', () => {
  let registry: Registry | undefined;
  let site = { file: '', digests: {} as Record<string, string> };

  before(async () => {
    if (!registryPresent) return;
    registry = await startRegistry();
    site = await seed(registry);
  });
  after(() => registry?.stop());

  it('tells valid, unsigned, invalid, mismatched and missing apart', (t) => {
    if (!registry) return missingData(t, SKIP);
    const h = registry.host;
    const r = parapet([
      'verify-images',
      '--key',
      keyFile,
      '--insecure-registry',
      h,
      '--format',
      'json',
      site.file,
    ]);
    assert.equal(r.code, 1, r.stderr);
    const v = verdicts(r.stdout);
    assert.equal(v[`${h}/shop/web:1.0`]?.status, 'valid');
    assert.equal(v[`${h}/shop/web:1.0`]?.digest, site.digests.web);
    assert.equal(v[`${h}/shop/web:1.0`]?.resolvedFromTag, true);
    assert.match(v[`${h}/shop/web:1.0`]?.detail ?? '', /the digest tag 1\.0 resolves to now: pin it/);
    assert.equal(v[`${h}/shop/api:2.0@${site.digests.api}`]?.status, 'valid');
    assert.equal(v[`${h}/shop/api:2.0@${site.digests.api}`]?.resolvedFromTag, undefined);
    assert.equal(v[`${h}/shop/unsigned:1.0`]?.status, 'unsigned');
    assert.equal(v[`${h}/shop/tampered:1.0`]?.status, 'invalid');
    assert.match(v[`${h}/shop/tampered:1.0`]?.detail ?? '', /does not verify with the key/);
    assert.equal(v[`${h}/shop/moved:1.0`]?.status, 'mismatch');
    assert.match(
      v[`${h}/shop/moved:1.0`]?.detail ?? '',
      new RegExp(`names ${MISSING}, not ${site.digests.moved}`),
    );
    assert.equal(v[`${h}/shop/web@${MISSING}`]?.status, 'not-found');
  });

  it('table: worst first, and what could not be verified is not passed', (t) => {
    if (!registry) return missingData(t, SKIP);
    const r = parapet(['verify-images', '--key', keyFile, '--insecure-registry', registry.host, site.file]);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.split('\n');
    assert.match(lines[0] ?? '', /^IMAGE +STATUS +DIGEST +DETAIL$/);
    assert.match(lines[1] ?? '', / mismatch /);
    assert.match(r.stdout, /6 image\(s\): 1 mismatch, 1 invalid, 1 unsigned, 1 not-found, 2 valid/);
    assert.match(r.stdout, /1 image\(s\) could not be verified: not passed/);
  });

  it('only valid images: exit 0', (t) => {
    if (!registry) return missingData(t, SKIP);
    const file = path.join(work, 'valid.yaml');
    writeFileSync(file, deployment('web', `${registry.host}/shop/web:1.0`));
    const r = parapet(['verify-images', '--key', keyFile, '--insecure-registry', registry.host, file]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });

  it('an unreachable registry is a note, not a pass (exit 2); so is HTTPS to a plain-HTTP registry', (t) => {
    if (!registry) return missingData(t, SKIP);
    const file = path.join(work, 'unreachable.yaml');
    writeFileSync(file, deployment('web', `${registry.host}/shop/web:1.0`));
    const r = parapet(['verify-images', '--key', keyFile, '--timeout', '2', '--format', 'json', file]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(verdicts(r.stdout)[`${registry.host}/shop/web:1.0`]?.status, 'unreachable');
  });

  it('usage errors: no key, a key that is not P-256', (t) => {
    if (!registry) return missingData(t, SKIP);
    assert.equal(parapet(['verify-images', site.file]).code, 2);
    const rsa = path.join(work, 'rsa.pub');
    const { publicKey: rsaKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(rsa, rsaKey.export({ type: 'spki', format: 'pem' }));
    const r = parapet(['verify-images', '--key', rsa, site.file]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /ECDSA P-256/);
  });
});

describe('parapet verify-images (real registry over TLS, self-signed CA)', () => {
  let registry: Registry | undefined;
  let site = { file: '', digests: {} as Record<string, string> };
  let certDir = '';

  before(async () => {
    if (!registryPresent) return;
    const pair = await selfSignedPair([], 'parapet-registry');
    certDir = pair.dir;
    registry = await startRegistry({ tls: pair });
    site = await seed(registry, readFileSync(pair.certFile, 'utf8'));
  });
  after(() => {
    registry?.stop();
    if (certDir) rmSync(certDir, { recursive: true, force: true });
  });

  it('--registry-ca trusts the site CA; without it the registry is unreachable, never passed', (t) => {
    if (!registry?.caFile) return missingData(t, SKIP);
    const h = registry.host;
    const ok = parapet([
      'verify-images',
      '--key',
      keyFile,
      '--registry-ca',
      registry.caFile,
      '--format',
      'json',
      site.file,
    ]);
    assert.equal(ok.code, 1, ok.stderr);
    const v = verdicts(ok.stdout);
    assert.equal(v[`${h}/shop/web:1.0`]?.status, 'valid');
    assert.equal(v[`${h}/shop/tampered:1.0`]?.status, 'invalid');
    const untrusted = parapet([
      'verify-images',
      '--key',
      keyFile,
      '--timeout',
      '2',
      '--format',
      'json',
      site.file,
    ]);
    const u = verdicts(untrusted.stdout);
    assert.equal(u[`${h}/shop/web:1.0`]?.status, 'unreachable');
    assert.match(u[`${h}/shop/web:1.0`]?.detail ?? '', /certificate/i);
  });
});

describe('parapet verify-images (real registry with token auth)', () => {
  let registry: Registry | undefined;
  let tokens: Awaited<ReturnType<typeof startTokenServer>> | undefined;
  let site = { file: '', digests: {} as Record<string, string> };
  let certDir = '';

  before(async () => {
    if (!registryPresent) return;
    const pair = await selfSignedPair([], 'parapet-token');
    certDir = pair.dir;
    const issuer = 'parapet-test-issuer';
    const service = 'parapet-test-registry';
    tokens = await startTokenServer(pair.certFile, pair.keyFile, issuer);
    registry = await startRegistry({
      token: { realm: tokens.realm, service, issuer, certFile: pair.certFile },
    });
    const t = tokens;
    site = await seed(
      registry,
      undefined,
      (repository) => `Bearer ${t.token(`repository:${repository}:pull,push`, service)}`,
    );
  });
  after(() => {
    registry?.stop();
    tokens?.stop();
    if (certDir) rmSync(certDir, { recursive: true, force: true });
  });

  it('answers 401 with a Bearer challenge; parapet fetches an anonymous token from the realm and verifies', async (t) => {
    if (!registry || !tokens) return missingData(t, SKIP);
    const h = registry.host;
    const before = tokens.issued();
    // the token server runs in this process: parapet runs beside it (parapet() would block it)
    const r = await parapetAsync([
      'verify-images',
      '--key',
      keyFile,
      '--insecure-registry',
      h,
      '--format',
      'json',
      site.file,
    ]);
    assert.equal(r.code, 1, r.stderr);
    const v = verdicts(r.stdout);
    assert.equal(v[`${h}/shop/web:1.0`]?.status, 'valid');
    assert.equal(v[`${h}/shop/unsigned:1.0`]?.status, 'unsigned');
    assert.equal(v[`${h}/shop/tampered:1.0`]?.status, 'invalid');
    assert.equal(v[`${h}/shop/moved:1.0`]?.status, 'mismatch');
    assert.ok(tokens.issued() > before, 'no token was asked for');
  });
});
