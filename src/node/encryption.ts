/**
 * The EncryptionConfiguration kube-apiserver's `--encryption-provider-config` names: which providers encrypt
 * Secrets, in order (the first one writes; `identity` first means Secrets are written in plain text).
 */
import type { SecretsEncryption } from './components.js';
import type { HostRoot } from './host.js';
import { asRecord, parseLinedYaml } from './yaml-lines.js';

/** A provider entry's name: `aescbc`, `aesgcm`, `secretbox`, `identity`, `kms v1` or `kms v2`. */
function providerName(entry: Record<string, unknown>): string | undefined {
  const [key] = Object.keys(entry);
  if (key === undefined) return undefined;
  if (key !== 'kms') return key;
  return asRecord(entry.kms)?.apiVersion === 'v2' ? 'kms v2' : 'kms v1';
}

export async function readEncryptionConfig(host: HostRoot, hostPath: string): Promise<SecretsEncryption> {
  const text = await host.read(hostPath);
  if (text === undefined) return { file: hostPath, unreadable: 'the file is absent or unreadable' };
  const parsed = parseLinedYaml(text);
  const resources = asRecord(parsed?.value)?.resources;
  if (parsed === undefined || !Array.isArray(resources))
    return { file: hostPath, unreadable: 'not an EncryptionConfiguration (no resources list)' };
  for (const group of resources) {
    const entry = asRecord(group);
    const names = Array.isArray(entry?.resources) ? entry.resources : [];
    if (!names.some((name) => name === 'secrets' || name === '*.*' || name === '*.')) continue;
    const providers = Array.isArray(entry?.providers) ? entry.providers : [];
    return {
      file: hostPath,
      providers: providers.flatMap((p) => {
        const name = asRecord(p) && providerName(asRecord(p) as Record<string, unknown>);
        return name ? [name] : [];
      }),
      line: parsed.lineOf(entry?.providers, 0),
    };
  }
  return { file: hostPath, providers: [] };
}
