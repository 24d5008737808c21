/**
 * What k3s and RKE2 share: `config.yaml` plus `config.yaml.d/*.yaml` (later files override, a `key+` appends to a
 * list), the service unit's ExecStart flags (which win over the files), and `<component>-arg` lists passing flags
 * through to the components the distribution starts.
 */
import type { Component } from './components.js';
import type { HostRoot } from './host.js';
import { flagsInText, type Setting, type Settings } from './settings.js';
import { asRecord, parseLinedYaml } from './yaml-lines.js';

/** The key that passes flags to each component (`kube-apiserver-arg: [profiling=false]`). */
export const ARG_KEYS: Readonly<Record<Component, string>> = {
  apiserver: 'kube-apiserver-arg',
  'controller-manager': 'kube-controller-manager-arg',
  scheduler: 'kube-scheduler-arg',
  kubelet: 'kubelet-arg',
  etcd: 'etcd-arg',
};

export interface RancherConfig {
  /** Top-level options (`secrets-encryption`, `protect-kernel-defaults`), as strings. */
  options: Settings;
  /** Each `-arg` key's entries, in order. */
  args: Map<string, Setting[]>;
  /** The files read, for notes and as the place a missing option belongs. */
  files: string[];
}

export async function readRancherConfig(
  host: HostRoot,
  configFile: string,
  unitFiles: readonly string[],
): Promise<RancherConfig> {
  const config: RancherConfig = { options: new Map(), args: new Map(), files: [] };
  for (const file of [
    configFile,
    ...(await host.list(`${configFile}.d`)).filter((f) => /\.ya?ml$/.test(f)),
  ]) {
    const text = await host.read(file);
    const parsed = text === undefined ? undefined : parseLinedYaml(text);
    const record = asRecord(parsed?.value);
    if (parsed === undefined || record === undefined) continue;
    config.files.push(file);
    for (const [rawKey, value] of Object.entries(record)) {
      const append = rawKey.endsWith('+');
      const key = append ? rawKey.slice(0, -1) : rawKey;
      const line = parsed.lineOf(record, rawKey);
      if (key.endsWith('-arg')) {
        const items = Array.isArray(value) ? value : [value];
        const entries = items.flatMap((item, i) =>
          typeof item === 'string'
            ? [{ value: item, file, line: Array.isArray(value) ? (parsed.lineOf(value, i) ?? line) : line }]
            : [],
        );
        config.args.set(key, append ? [...(config.args.get(key) ?? []), ...entries] : entries);
      } else if (value !== null && typeof value !== 'object') {
        config.options.set(key, { value: String(value), file, line });
      }
    }
  }
  for (const unit of unitFiles) {
    const text = await host.read(unit);
    if (text === undefined) continue;
    config.files.push(unit);
    for (const flag of flagsInText(text)) {
      const setting = { value: flag.value, file: unit, line: flag.line };
      if (flag.name.endsWith('-arg'))
        config.args.set(flag.name, [...(config.args.get(flag.name) ?? []), setting]);
      else config.options.set(flag.name, setting);
    }
  }
  return config;
}

/** A component's flags: the distribution's built-in defaults, overridden by its `-arg` entries. */
export function componentFlags(config: RancherConfig, component: Component, builtIn: Settings): Settings {
  const settings: Settings = new Map(builtIn);
  for (const entry of config.args.get(ARG_KEYS[component]) ?? []) {
    const at = entry.value.indexOf('=');
    const name = (at < 0 ? entry.value : entry.value.slice(0, at)).replace(/^--?/, '');
    settings.set(name, { ...entry, value: at < 0 ? 'true' : entry.value.slice(at + 1) });
  }
  return settings;
}
