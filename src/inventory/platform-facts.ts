/**
 * Facts about the platform, as Resource-like objects so the rule engine, findings and reporters work on them
 * unchanged: a control-plane component's or a kubelet's effective settings, a node's sensitive files, sshd, the
 * API server's version and certificate. Two fronts build them — src/node from a node's own files, src/cluster from
 * what the API server shows (mirror pods, configz, /version, the TLS handshake) — and src/rules/platform judges
 * them, whichever front read them. Their apiVersions are parapet's own: no API serves these kinds.
 */
import type { Origin, Resource } from './resource.js';

/** Components, sshd and files of a node. */
export const NODE_API_VERSION = 'node.parapet.dev/v1';
/** What only the API server's answers show (its version, its serving certificate). */
export const CLUSTER_API_VERSION = 'cluster.parapet.dev/v1';

/** A fact parapet built, as opposed to an object some API served. */
export function isPlatformFact(resource: { apiVersion: string }): boolean {
  return resource.apiVersion === NODE_API_VERSION || resource.apiVersion === CLUSTER_API_VERSION;
}

export const COMPONENT_KINDS = {
  apiserver: 'KubeAPIServer',
  'controller-manager': 'KubeControllerManager',
  scheduler: 'KubeScheduler',
  kubelet: 'Kubelet',
  etcd: 'Etcd',
} as const;
export type Component = keyof typeof COMPONENT_KINDS;

/** The program each component runs as (a static pod's command, a process name). */
export const COMPONENT_NAMES: Readonly<Record<Component, string>> = {
  apiserver: 'kube-apiserver',
  'controller-manager': 'kube-controller-manager',
  scheduler: 'kube-scheduler',
  kubelet: 'kubelet',
  etcd: 'etcd',
};

export const SSHD_KIND = 'SshdConfig';
export const HOST_FILE_KIND = 'HostFile';
/** `/version` of the API server: `gitVersion`, and the `server` it answered for. */
export const SERVER_VERSION_KIND = 'KubernetesVersion';
/** The certificates the API server presented in the TLS handshake, and the CA bundle the client trusts. */
export const SERVER_CERTIFICATES_KIND = 'APIServerCertificates';

/** `--name=value` → [name, value]; a bare `--name` is the boolean flag `true`. Undefined for anything else. */
export function parseFlag(token: string): [name: string, value: string] | undefined {
  const match = /^--?([A-Za-z0-9][A-Za-z0-9._-]*)(?:=(.*))?$/s.exec(token);
  if (!match) return undefined;
  return [match[1] as string, match[2] ?? 'true'];
}

export interface ContainerFlag {
  name: string;
  value: string;
  /** Where it stands in the container: `command` or `args`, and its index there. */
  field: 'command' | 'args';
  index: number;
}

/** The flags of a (static pod's) container: its command, then its args, each `--name=value` item. */
export function containerFlags(container: Record<string, unknown>): ContainerFlag[] {
  const out: ContainerFlag[] = [];
  for (const field of ['command', 'args'] as const) {
    const list = container[field];
    if (!Array.isArray(list)) continue;
    list.forEach((item, index) => {
      const flag = typeof item === 'string' ? parseFlag(item) : undefined;
      if (flag) out.push({ name: flag[0], value: flag[1], field, index });
    });
  }
  return out;
}

/**
 * Every scalar of a configuration object (a KubeletConfiguration) under its dotted field name
 * (`authentication.anonymous.enabled`), with the mapping that holds it and its key there.
 */
export function* scalarFields(
  value: unknown,
  prefix = '',
): Generator<{ name: string; value: string; holder: Record<string, unknown>; key: string }> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  const holder = value as Record<string, unknown>;
  for (const [key, child] of Object.entries(holder)) {
    const name = prefix + key;
    if (Array.isArray(child)) {
      // a list of scalars (tlsCipherSuites) reads as the comma-separated flag it stands for
      if (child.length > 0 && child.every((item) => item !== null && typeof item !== 'object'))
        yield { name, value: child.map(String).join(','), holder, key };
    } else if (child !== null && typeof child === 'object') {
      yield* scalarFields(child, `${name}.`);
    } else if (child !== null && child !== undefined) {
      yield { name, value: String(child), holder, key };
    }
  }
}

/** A setting's value, and whether the component (or distribution) set it where nothing is written. */
export interface FactSetting {
  value: string;
  builtIn?: boolean;
}

/**
 * `settings` holds what is written, `defaults` what applies where nothing is (a distribution's built-in flags,
 * the zero values an API answer leaves out); rules read the first, then the second.
 */
export function settingsFields(settings: Iterable<[string, FactSetting]>): {
  settings: Record<string, string>;
  defaults?: Record<string, string>;
} {
  const written: Record<string, string> = {};
  const defaults: Record<string, string> = {};
  for (const [name, setting] of [...settings].sort(([a], [b]) => a.localeCompare(b)))
    (setting.builtIn ? defaults : written)[name] = setting.value;
  return Object.keys(defaults).length > 0 ? { settings: written, defaults } : { settings: written };
}

export interface FactOptions {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  /** The uid of the object the fact was read from (a mirror pod, a Node), kept in metadata as a snapshot keeps it. */
  uid?: string;
  /** The fields judged, beside apiVersion, kind and metadata. */
  fields: Record<string, unknown>;
  origin: Origin;
  index: number;
}

export function factResource(options: FactOptions): Resource {
  const { apiVersion, kind, name } = options;
  const namespace = options.namespace ?? '';
  const metadata: Record<string, unknown> = namespace === '' ? { name } : { name, namespace };
  if (options.uid !== undefined) metadata.uid = options.uid;
  return {
    object: { apiVersion, kind, metadata, ...options.fields },
    apiVersion,
    kind,
    name,
    namespace,
    labels: {},
    origin: options.origin,
    index: options.index,
  };
}
