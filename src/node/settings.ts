/**
 * A component's effective settings, each with where it was set: the file and line of the flag or key, or the
 * file a distribution's built-in default belongs to (no line). Later sources override earlier ones, as flags
 * override configuration files.
 */
import { parseFlag } from '../inventory/platform-facts.js';

export interface Setting {
  value: string;
  file: string;
  line?: number;
  /** Set by the distribution itself, not written anywhere on the node. */
  builtIn?: boolean;
}

export type Settings = Map<string, Setting>;

export { parseFlag };

/**
 * Every `--name=value` (or bare `--name`) token of a systemd unit, drop-in or environment file, with its line.
 * Only the `=` form is read: in `--name value` the value cannot be told from the next argument without knowing
 * which flags are boolean, and the units kubeadm, k3s and RKE2 write all use `=`.
 */
export function flagsInText(text: string): { name: string; value: string; line: number }[] {
  const out: { name: string; value: string; line: number }[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line.startsWith('#') || line.startsWith(';')) return;
    // quotes group words for systemd and the shell, not for flags: `Environment="ARGS=--a=1 --b=2"` holds two
    for (const token of line.replace(/["']/g, ' ').split(/\s+/)) {
      // `Environment=KUBELET_CONFIG_ARGS=--config=...`: drop the variable assignments in front of the flag
      const flag = parseFlag(token.replace(/^(?:[A-Za-z_][A-Za-z0-9_]*=)+/, ''));
      if (flag) out.push({ name: flag[0], value: flag[1], line: index + 1 });
    }
  });
  return out;
}

/** Built-in defaults, recorded against the file where a user would override them. */
export function builtIns(values: Record<string, string>, file: string): Settings {
  return new Map(Object.entries(values).map(([name, value]) => [name, { value, file, builtIn: true }]));
}
