/**
 * A host root: `/` on the node itself, or a mounted copy (`/host` in a privileged debug pod). Every path parapet
 * reports is the host's own (`/etc/kubernetes/...`), so a finding reads the same either way.
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** Larger configuration files than this are not read: no node configuration file is anywhere near it. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

export interface FileFacts {
  /** Permission bits (`0o600`). */
  mode: number;
  uid: number;
  gid: number;
}

export class HostRoot {
  constructor(readonly root: string) {}

  /** The real path of a host path under this root. */
  resolve(hostPath: string): string {
    return path.join(this.root, hostPath);
  }

  /** The file's text, or undefined when it is absent, unreadable or not a regular file. */
  async read(hostPath: string): Promise<string | undefined> {
    const facts = await lstat(this.resolve(hostPath)).catch(() => undefined);
    if (!facts?.isFile() || facts.size > MAX_CONFIG_BYTES) return undefined;
    return readFile(this.resolve(hostPath), 'utf8').catch(() => undefined);
  }

  /** Mode and owner of a regular file (symbolic links are not followed: their own target is judged). */
  async facts(hostPath: string): Promise<FileFacts | undefined> {
    const facts = await lstat(this.resolve(hostPath)).catch(() => undefined);
    if (!facts?.isFile()) return undefined;
    return { mode: facts.mode & 0o7777, uid: facts.uid, gid: facts.gid };
  }

  async exists(hostPath: string): Promise<boolean> {
    return (await lstat(this.resolve(hostPath)).catch(() => undefined)) !== undefined;
  }

  /** Host paths of the entries of a directory, sorted; empty when it is absent. */
  async list(hostDir: string): Promise<string[]> {
    const names = await readdir(this.resolve(hostDir)).catch(() => [] as string[]);
    return names.sort().map((name) => path.posix.join(hostDir, name));
  }
}
