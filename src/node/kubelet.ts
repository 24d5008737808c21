/**
 * The kubelet's effective settings, named by their KubeletConfiguration fields (`authentication.anonymous.enabled`):
 * the configuration file, then the command-line flags that override it.
 */
import { scalarFields } from '../inventory/platform-facts.js';
import type { HostRoot } from './host.js';
import type { Setting, Settings } from './settings.js';
import { asRecord, parseLinedYaml } from './yaml-lines.js';

/** Kubelet flags and the configuration field each one sets. */
export const KUBELET_FLAG_FIELDS: Readonly<Record<string, string>> = {
  'anonymous-auth': 'authentication.anonymous.enabled',
  'authentication-token-webhook': 'authentication.webhook.enabled',
  'authorization-mode': 'authorization.mode',
  'read-only-port': 'readOnlyPort',
  'protect-kernel-defaults': 'protectKernelDefaults',
  'tls-min-version': 'tlsMinVersion',
  'client-ca-file': 'authentication.x509.clientCAFile',
  'rotate-certificates': 'rotateCertificates',
  'tls-cipher-suites': 'tlsCipherSuites',
};

/**
 * What the kubelet does where nothing is written: a KubeletConfiguration file (v1beta1) defaults to the safe
 * values, the bare flags to the unsafe ones, so which applies depends on whether a file is used.
 */
export const KUBELET_DEFAULTS = {
  configFile: {
    'authentication.anonymous.enabled': 'false',
    'authentication.webhook.enabled': 'true',
    'authorization.mode': 'Webhook',
    readOnlyPort: '0',
    protectKernelDefaults: 'false',
  },
  flagsOnly: {
    'authentication.anonymous.enabled': 'true',
    'authentication.webhook.enabled': 'false',
    'authorization.mode': 'AlwaysAllow',
    readOnlyPort: '10255',
    protectKernelDefaults: 'false',
  },
} as const;

/** Every scalar of a KubeletConfiguration file as a dotted field name, with its line. */
export async function readKubeletConfig(host: HostRoot, hostPath: string): Promise<Settings | undefined> {
  const text = await host.read(hostPath);
  if (text === undefined) return undefined;
  const parsed = parseLinedYaml(text);
  if (parsed === undefined || asRecord(parsed.value) === undefined) return undefined;
  const settings: Settings = new Map();
  for (const field of scalarFields(parsed.value))
    settings.set(field.name, {
      value: field.value,
      file: hostPath,
      line: parsed.lineOf(field.holder, field.key),
    });
  return settings;
}

/**
 * The drop-ins of a `--config-dir` (kubelet.conf.d): every `*.conf` file, in lexical order, each overriding the
 * fields it sets, after the configuration file and before the flags, as the kubelet merges them.
 */
export async function readKubeletDropIns(host: HostRoot, hostDir: string): Promise<Settings> {
  const settings: Settings = new Map();
  for (const file of (await host.list(hostDir)).filter((f) => f.endsWith('.conf')))
    for (const entry of (await readKubeletConfig(host, file)) ?? []) settings.set(...entry);
  return settings;
}

/** Kubelet flags as configuration fields (flags without a field keep their flag name). */
export function kubeletFlagSettings(flags: Iterable<[string, Setting]>): Settings {
  const settings: Settings = new Map();
  for (const [name, setting] of flags) settings.set(KUBELET_FLAG_FIELDS[name] ?? name, setting);
  return settings;
}
