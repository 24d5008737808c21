/**
 * The facts parapet judges on a node, as Resource-like objects so the rule engine, findings and reporters work
 * unchanged: one object per control-plane component (its effective settings), one per sensitive file (mode and
 * owner), one for sshd. `sources` says where each judged field was set, so a finding names that file and line.
 */
import {
  COMPONENT_KINDS,
  type Component,
  factResource,
  HOST_FILE_KIND,
  NODE_API_VERSION,
  SSHD_KIND,
  settingsFields,
} from '../inventory/platform-facts.js';
import type { Resource } from '../inventory/resource.js';
import type { FileFacts } from './host.js';
import type { Setting, Settings } from './settings.js';

export type { Component };

/** What a kube-apiserver's EncryptionConfiguration says about Secrets. */
export type SecretsEncryption =
  | { file: string; providers: string[]; line?: number }
  | { file: string; unreadable: string };

export interface ComponentFacts {
  component: Component;
  /** The file where a missing setting belongs (the manifest, the config file). */
  file: string;
  settings: Settings;
  encryption?: SecretsEncryption;
}

/** Kubeconfigs, certificates, private keys (a CA's apart: it can mint any identity) and configuration files. */
export type FileRole = 'kubeconfig' | 'certificate' | 'private-key' | 'ca-key' | 'config';

export interface Source {
  file: string;
  line?: number;
}

/** A judged object and where each of its top-level judged fields (`settings.<name>`, `mode`) came from. */
export interface NodeFact {
  resource: Resource;
  sources: ReadonlyMap<string, Source>;
}

function fact(kind: string, name: string, fields: Record<string, unknown>, file: string, index: number) {
  return factResource({ apiVersion: NODE_API_VERSION, kind, name, fields, origin: { file }, index });
}

/** The settings fields of a fact, recording where each setting came from. */
function settingsObjects(settings: Settings, sources: Map<string, Source>) {
  for (const [name, setting] of settings) sources.set(`settings.${name}`, sourceOf(setting));
  return settingsFields(settings);
}

function sourceOf(setting: Setting): Source {
  return setting.line === undefined ? { file: setting.file } : { file: setting.file, line: setting.line };
}

export function componentFact(facts: ComponentFacts, index: number): NodeFact {
  const sources = new Map<string, Source>();
  const object: Record<string, unknown> = settingsObjects(facts.settings, sources);
  if (facts.encryption) {
    object.encryption = facts.encryption;
    const { file } = facts.encryption;
    const line = 'line' in facts.encryption ? facts.encryption.line : undefined;
    sources.set('encryption', line === undefined ? { file } : { file, line });
  }
  const resource = fact(COMPONENT_KINDS[facts.component], facts.component, object, facts.file, index);
  return { resource, sources };
}

export function sshdFact(file: string, settings: Settings, index: number): NodeFact {
  const sources = new Map<string, Source>();
  const resource = fact(SSHD_KIND, 'sshd', settingsObjects(settings, sources), file, index);
  return { resource, sources };
}

export function fileFact(hostPath: string, role: FileRole, facts: FileFacts, index: number): NodeFact {
  const object = {
    role,
    mode: `0${facts.mode.toString(8).padStart(3, '0')}`,
    uid: facts.uid,
    gid: facts.gid,
  };
  return { resource: fact(HOST_FILE_KIND, hostPath, object, hostPath, index), sources: new Map() };
}
