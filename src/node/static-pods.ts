/** A static pod manifest (kubeadm's /etc/kubernetes/manifests, RKE2's pod-manifests): its container's flags. */
import { containerFlags } from '../inventory/platform-facts.js';
import type { HostRoot } from './host.js';
import type { Settings } from './settings.js';
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
  for (const flag of containerFlags(container))
    settings.set(flag.name, {
      value: flag.value,
      file: hostPath,
      line: parsed.lineOf(container[flag.field], flag.index),
    });
  return settings;
}
