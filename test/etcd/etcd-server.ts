/**
 * A real etcd (Debian's etcd-server) for the etcd-check tests: started on random loopback ports with a temporary
 * data directory, plain or with TLS and client-certificate authentication, waited for until healthy (never a fixed
 * sleep), stopped by pid.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { onPath } from '../helpers/conformance.js';

export const ETCD_PRESENT = onPath('etcd', ['--version']);
export const ETCD_MISSING = 'etcd binary not on PATH (apt-get install etcd-server): skipped';
export const OPENSSL_PRESENT = onPath('openssl', ['version']);

/** A free loopback port (the kernel picks it; etcd binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Files of a throwaway PKI: a CA, etcd's serving certificate for 127.0.0.1, a client certificate. */
export interface EtcdPki {
  dir: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

/** Makes the PKI with openssl, as kubeadm lays out /etc/kubernetes/pki/etcd (a CA of its own). */
export function makePki(): EtcdPki {
  const dir = mkdtempSync(path.join(tmpdir(), 'parapet-etcd-pki-'));
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.crt'),
    '-subj',
    '/CN=parapet-test-etcd-ca',
    '-days',
    '2',
  );
  const issue = (name: string, cn: string, extensions: string) => {
    writeFileSync(file(`${name}.ext`), extensions);
    openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      file(`${name}.key`),
      '-out',
      file(`${name}.csr`),
      '-subj',
      `/CN=${cn}`,
    );
    openssl(
      'x509',
      '-req',
      '-in',
      file(`${name}.csr`),
      '-CA',
      file('ca.crt'),
      '-CAkey',
      file('ca.key'),
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      file(`${name}.ext`),
      '-out',
      file(`${name}.crt`),
    );
  };
  issue('server', 'etcd', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n');
  issue('client', 'kube-apiserver-etcd-client', 'extendedKeyUsage=clientAuth\n');
  return {
    dir,
    ca: file('ca.crt'),
    serverCert: file('server.crt'),
    serverKey: file('server.key'),
    clientCert: file('client.crt'),
    clientKey: file('client.key'),
  };
}

export interface RunningEtcd {
  endpoint: string;
  process: ChildProcess;
  stop(): void;
}

/** etcd on loopback, over TLS with client-certificate auth when `pki` is given. */
export async function startEtcd(pki?: EtcdPki): Promise<RunningEtcd> {
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const scheme = pki ? 'https' : 'http';
  const endpoint = `${scheme}://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parapet-etcd-'));
  const tls = pki
    ? [
        `--cert-file=${pki.serverCert}`,
        `--key-file=${pki.serverKey}`,
        `--trusted-ca-file=${pki.ca}`,
        '--client-cert-auth=true',
      ]
    : [];
  const etcd = spawn(
    'etcd',
    [
      '--name=parapet-test',
      `--data-dir=${dataDir}`,
      `--listen-client-urls=${endpoint}`,
      `--advertise-client-urls=${endpoint}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=parapet-test=${peer}`,
      ...tls,
    ],
    { stdio: 'ignore' },
  );
  const stop = () => {
    if (etcd.pid !== undefined && etcd.exitCode === null) process.kill(etcd.pid);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(endpoint, etcd, pki);
  } catch (error) {
    stop();
    throw error;
  }
  return { endpoint, process: etcd, stop };
}

async function waitForHealth(url: string, etcd: ChildProcess, pki?: EtcdPki): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (etcd.exitCode !== null) throw new Error(`etcd exited with ${etcd.exitCode}`);
    if (await healthy(url, pki)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`etcd at ${url} not healthy within 60 s`);
}

function healthy(url: string, pki?: EtcdPki): Promise<boolean> {
  if (!pki)
    return fetch(`${url}/health`)
      .then(async (r) => r.ok && ((await r.json()) as { health?: string }).health === 'true')
      .catch(() => false);
  return new Promise((resolve) => {
    const req = request(
      `${url}/health`,
      {
        ca: readFileSync(pki.ca),
        cert: readFileSync(pki.clientCert),
        key: readFileSync(pki.clientKey),
      },
      (res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve(res.statusCode === 200 && body.includes('"health":"true"')));
      },
    );
    req.on('error', () => resolve(false));
    req.end();
  });
}
