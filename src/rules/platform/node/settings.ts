/**
 * Reading a node fact's settings (see src/node/components.ts): `settings` maps a flag name (or, for the kubelet,
 * a KubeletConfiguration field) to its value as written, `defaults` to what the distribution sets where nothing
 * is written. A rule states the component's own default for the rest, so "not set" is judged as it would run.
 */
import type { FieldPath } from '../../../inventory/field-path.js';
import { NODE_API_VERSION } from '../../../inventory/platform-facts.js';
import type { Resource } from '../../../inventory/resource.js';
import { asRecord } from '../../helpers.js';
import type { Violation } from '../../types.js';

/** Where each kind of fact is read, for the examples `parapet explain` shows. */
const READ_FROM: Readonly<Record<string, string>> = {
  KubeAPIServer:
    "kube-apiserver's flags: parapet node reads them from its static pod (or k3s/RKE2 config.yaml), scan --cluster from its mirror pod in kube-system",
  KubeControllerManager:
    "kube-controller-manager's flags: from its static pod (or k3s/RKE2 config.yaml), or its mirror pod in kube-system",
  KubeScheduler:
    "kube-scheduler's flags: from its static pod (or k3s/RKE2 config.yaml), or its mirror pod in kube-system",
  Etcd: "etcd's flags: from its static pod or configuration file, or its mirror pod in kube-system",
  Kubelet:
    "the kubelet's KubeletConfiguration fields: parapet node reads its config file, drop-ins and flags, scan --cluster the node's configz",
  SshdConfig: 'sshd_config as parapet node reads it (keywords lower-case)',
  HostFile: 'a file as parapet node sees it: its role, mode and owner (never its content)',
};

/** A fact as YAML (what the rule judges), with a comment saying where parapet reads it. */
export function factExample(kind: string, name: string, body: string): string {
  return `# ${READ_FROM[kind] ?? kind}\napiVersion: ${NODE_API_VERSION}\nkind: ${kind}\nmetadata: {name: ${name}}\n${body.trim()}\n`;
}

/** How messages name a component: `kube-apiserver`, `kubelet`, `etcd`. */
export const COMPONENT_LABEL: Readonly<Record<string, string>> = {
  KubeAPIServer: 'kube-apiserver',
  KubeControllerManager: 'kube-controller-manager',
  KubeScheduler: 'kube-scheduler',
  Kubelet: 'kubelet',
  Etcd: 'etcd',
  SshdConfig: 'sshd',
};

export function settingPath(name: string): FieldPath {
  return ['settings', name];
}

function stringAt(record: unknown, name: string): string | undefined {
  const value = asRecord(record)?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** The written value, else the distribution's default, else undefined. */
export function settingOf(resource: Resource, name: string): string | undefined {
  return stringAt(resource.object.settings, name) ?? stringAt(resource.object.defaults, name);
}

/** sshd_config keywords as people write them (the reader keeps them lower-case, as sshd compares them). */
const SSHD_KEYWORDS: Readonly<Record<string, string>> = {
  passwordauthentication: 'PasswordAuthentication',
  permitrootlogin: 'PermitRootLogin',
  listenaddress: 'ListenAddress',
};

function labelOf(resource: Resource, name: string): string {
  if (resource.kind === 'SshdConfig') return `\`${SSHD_KEYWORDS[name] ?? name}\``;
  return resource.kind === 'Kubelet' && !name.includes('-') ? `\`${name}\`` : `\`--${name}\``;
}

/** `` `--profiling` is true `` or `` `--profiling` is not set (the default is true) ``. */
export function describeSetting(resource: Resource, name: string, fallback: string): string {
  const label = labelOf(resource, name);
  const written = stringAt(resource.object.settings, name);
  if (written !== undefined) return `${label} is ${written}`;
  return `${label} is not set (the default is ${stringAt(resource.object.defaults, name) ?? fallback})`;
}

export interface ExpectedSetting {
  name: string;
  /** The component's value when the setting is written nowhere. */
  fallback: string;
  ok: (value: string) => boolean;
  /** What is wrong, before the setting's description: `kube-apiserver serves profiling data`. */
  problem: string;
  severity?: Violation['severity'];
  references?: Violation['references'];
}

/** One violation when the setting's effective value is not acceptable. */
export function* expectSetting(resource: Resource, expected: ExpectedSetting): Generator<Violation> {
  const value = settingOf(resource, expected.name) ?? expected.fallback;
  if (expected.ok(value)) return;
  const violation: Violation = {
    path: settingPath(expected.name),
    message: `${expected.problem}: ${describeSetting(resource, expected.name, expected.fallback)}`,
    problem: expected.name,
  };
  if (expected.severity) violation.severity = expected.severity;
  if (expected.references) violation.references = expected.references;
  yield violation;
}

export const isFalse = (value: string) => value.toLowerCase() === 'false';
export const isTrue = (value: string) => value.toLowerCase() === 'true';
