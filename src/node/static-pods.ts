/** A static pod manifest (kubeadm's /etc/kubernetes/manifests, RKE2's pod-manifests): its container's flags. */
import type { HostRoot } from './host.js';
import { parseFlag, type Settings } from './settings.js';
import { asRecord, parseLinedYaml } from './yaml-lines.js';

/** The flags of the manifest's first container (command, then args), or undefined when it is absent or unreadable. */
export async function readStaticPod(host: HostRoot, hostPath: string): Promise<Settings | undefined> {
  const text = await host.read(hostPath);
  if (text === undefined) return undefined;
  const parsed = parseLinedYaml(text);
  const spec = asRecord(asRecord(parsed?.value)?.spec);
  const container = asRecord(Array.isArray(spec?.containers) ? spec.containers[0] : undefined);
  if (parsed === undefined || container === undefined) return undefined;
  const settings: Settings = new Map();
  for (const field of ['command', 'args']) {
    const list = container[field];
    if (!Array.isArray(list)) continue;
    list.forEach((item, index) => {
      const flag = typeof item === 'string' ? parseFlag(item) : undefined;
      if (flag) settings.set(flag[0], { value: flag[1], file: hostPath, line: parsed.lineOf(list, index) });
    });
  }
  return settings;
}
