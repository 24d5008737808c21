/**
 * Sensitive files of a layout: kubeconfigs, certificates and private keys, found in the directories a
 * distribution keeps them in. Only mode and owner are read, never the contents.
 */
import path from 'node:path';
import type { FileRole } from './components.js';
import type { FileFacts, HostRoot } from './host.js';

export interface FileSpots {
  /** Kubeconfig files by path. */
  kubeconfigs: readonly string[];
  /** Directories searched (two levels deep) for certificates and keys. */
  pkiDirs: readonly string[];
  /** Configuration files whose mode matters (the kubelet's config, static pod manifests). */
  configs: readonly string[];
}

/** A CA's key: `ca.key`, `front-proxy-ca.key`, k3s's `server-ca.key`, `etcd/ca.key`... */
function roleOf(hostPath: string): FileRole | undefined {
  const name = path.posix.basename(hostPath);
  if (/\.key$/.test(name)) return /(^|-)ca\.key$/.test(name) ? 'ca-key' : 'private-key';
  if (/\.(crt|pem)$/.test(name)) return 'certificate';
  return undefined;
}

export async function sensitiveFiles(
  host: HostRoot,
  spots: FileSpots,
): Promise<{ path: string; role: FileRole; facts: FileFacts }[]> {
  const out: { path: string; role: FileRole; facts: FileFacts }[] = [];
  const add = async (hostPath: string, role: FileRole | undefined) => {
    const facts = role && (await host.facts(hostPath));
    if (role && facts) out.push({ path: hostPath, role, facts });
  };
  for (const file of spots.kubeconfigs) await add(file, 'kubeconfig');
  for (const file of spots.configs) await add(file, 'config');
  for (const dir of spots.pkiDirs) {
    for (const entry of await host.list(dir)) {
      await add(entry, roleOf(entry));
      for (const inner of await host.list(entry)) await add(inner, roleOf(inner));
    }
  }
  return out;
}
