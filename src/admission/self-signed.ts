/**
 * `--tls-self-signed`: a throwaway certificate and key for trying the webhook out and for tests, made with the
 * `openssl` command (a cluster uses cert-manager's). Valid for localhost, 127.0.0.1 and the given names; it is its
 * own CA (basicConstraints CA:TRUE), so a client can trust it as the CA bundle.
 */
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export async function selfSignedPair(
  names: readonly string[] = [],
  commonName = 'parapet-webhook',
): Promise<{ dir: string; certFile: string; keyFile: string }> {
  const dir = await mkdtemp(join(tmpdir(), `${commonName}-`));
  const certFile = join(dir, 'tls.crt');
  const keyFile = join(dir, 'tls.key');
  const san = ['DNS:localhost', 'IP:127.0.0.1', ...names.map((n) => `DNS:${n}`)].join(',');
  try {
    await promisify(execFile)('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '30',
      '-subj',
      `/CN=${commonName}`,
      '-addext',
      `subjectAltName=${san}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ]);
  } catch (error) {
    throw new Error(`--tls-self-signed needs the openssl command: ${(error as Error).message}`);
  }
  return { dir, certFile, keyFile };
}
