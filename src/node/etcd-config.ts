/** etcd configured by file rather than flags: etcd then ignores its other flags. */
import type { HostRoot } from './host.js';
import type { Settings } from './settings.js';
import { asRecord, parseLinedYaml } from './yaml-lines.js';

/**
 * etcd's `--config-file` (k3s and RKE2 write one for their etcd): transport security sections become the
 * equivalent flags (`client-transport-security.cert-file` → `cert-file`, the peer section's with `peer-`).
 */
export async function readEtcdConfigFile(host: HostRoot, file: string): Promise<Settings | undefined> {
  const text = await host.read(file);
  const parsed = text === undefined ? undefined : parseLinedYaml(text);
  const record = asRecord(parsed?.value);
  if (parsed === undefined || record === undefined) return undefined;
  const settings: Settings = new Map();
  for (const [key, value] of Object.entries(record)) {
    const section = asRecord(value);
    const prefix =
      key === 'client-transport-security' ? '' : key === 'peer-transport-security' ? 'peer-' : undefined;
    if (section && prefix !== undefined) {
      for (const [inner, v] of Object.entries(section))
        if (v !== null && typeof v !== 'object')
          settings.set(prefix + inner, { value: String(v), file, line: parsed.lineOf(section, inner) });
    } else if (value !== null && typeof value !== 'object') {
      settings.set(key, { value: String(value), file, line: parsed.lineOf(record, key) });
    }
  }
  return settings;
}
