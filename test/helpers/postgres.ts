/**
 * A real PostgreSQL (Debian's postgresql package, which .ci/run installs) for the history tests: initdb into a
 * temporary directory, the server on a random 127.0.0.1 port with its socket in that directory, ready when it
 * accepts a connection, stopped by pid. PostgreSQL refuses to run as root, so as root both run as `nobody`.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOTS = '/usr/lib/postgresql';
const NOBODY = 65534;

/** The newest installed server's bin directory, if any. */
export function postgresBin(): string | undefined {
  if (!existsSync(ROOTS)) return undefined;
  const versions = readdirSync(ROOTS)
    .filter((v) => existsSync(path.join(ROOTS, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : path.join(ROOTS, versions[0], 'bin');
}

export const POSTGRES_MISSING = `PostgreSQL server binaries not found under ${ROOTS}/*/bin (apt-get install postgresql)`;

export interface Postgres {
  url: string;
  stop(): Promise<void>;
}

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

export async function startPostgres(bin: string): Promise<Postgres> {
  const dir = mkdtempSync(path.join(tmpdir(), 'parapet-pg-'));
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? { uid: NOBODY, gid: NOBODY } : {};
  if (asRoot) chownSync(dir, NOBODY, NOBODY);
  const data = path.join(dir, 'data');
  const init = spawnSync(
    path.join(bin, 'initdb'),
    ['-D', data, '-A', 'trust', '-U', 'parapet', '-E', 'UTF8', '--no-sync'],
    { ...user, encoding: 'utf8', timeout: 120_000 },
  );
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.error?.message ?? init.stderr}`);
  }
  const port = await freePort();
  const server: ChildProcess = spawn(
    path.join(bin, 'postgres'),
    ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
    { ...user, stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const url = `postgres://parapet@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    if (server.exitCode === null && server.pid !== undefined) {
      process.kill(server.pid, 'SIGINT'); // "fast" shutdown
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilAccepting(url, server);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

/** Tries to connect until the server answers (or exits, or a minute passes). */
async function waitUntilAccepting(url: string, server: ChildProcess): Promise<void> {
  const { default: pg } = await import('pg');
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`postgres exited with ${server.exitCode}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`postgres at ${url} not accepting within 60 s: ${error}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Creates database `name` on the server of `url`; resolves to its URL. */
export async function createDatabase(url: string, name: string): Promise<string> {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return url.replace(/\/[^/]*$/, `/${name}`);
}
