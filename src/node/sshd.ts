/**
 * sshd_config as sshd reads it: keywords case-insensitive, the first value obtained wins, `Include` read in place
 * (globs of one directory), and only the global section (before the first `Match`). ListenAddress may repeat: all
 * of its values are kept.
 */
import path from 'node:path';
import type { HostRoot } from './host.js';
import type { Settings } from './settings.js';

export const SSHD_CONFIG = '/etc/ssh/sshd_config';

export async function readSshdConfig(host: HostRoot, hostPath = SSHD_CONFIG): Promise<Settings | undefined> {
  const settings: Settings = new Map();
  const found = await readInto(host, hostPath, settings, 0);
  return found ? settings : undefined;
}

/** Returns false when the file is absent; stops reading at `Match` (returns 'match' so the includer stops too). */
async function readInto(
  host: HostRoot,
  file: string,
  settings: Settings,
  depth: number,
): Promise<boolean | 'match'> {
  const text = await host.read(file);
  if (text === undefined) return false;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^\s*([A-Za-z]+)\s*(?:=\s*|\s+)(.*?)\s*$/.exec(lines[i] as string);
    if (!match || (lines[i] as string).trim().startsWith('#')) continue;
    const keyword = (match[1] as string).toLowerCase();
    const value = (match[2] as string).replace(/^"(.*)"$/, '$1');
    if (keyword === 'match') return 'match';
    if (keyword === 'include' && depth < 8) {
      for (const pattern of value.split(/\s+/)) {
        const absolute = path.posix.isAbsolute(pattern) ? pattern : path.posix.join('/etc/ssh', pattern);
        for (const included of await expand(host, absolute))
          if ((await readInto(host, included, settings, depth + 1)) === 'match') return 'match';
      }
      continue;
    }
    const earlier = settings.get(keyword);
    if (keyword === 'listenaddress' && earlier) earlier.value = `${earlier.value} ${value}`;
    else if (!earlier) settings.set(keyword, { value, file, line: i + 1 });
  }
  return true;
}

/** A glob in the last path segment only (`/etc/ssh/sshd_config.d/*.conf`), as distributions write it. */
async function expand(host: HostRoot, pattern: string): Promise<string[]> {
  const dir = path.posix.dirname(pattern);
  const base = path.posix.basename(pattern);
  if (!/[*?]/.test(base)) return [pattern];
  const regex = new RegExp(
    `^${base
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return (await host.list(dir)).filter((p) => regex.test(path.posix.basename(p)));
}
