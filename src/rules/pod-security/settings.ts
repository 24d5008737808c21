/**
 * Which Pod Security level and version judges the pods of a namespace: the namespace's own
 * `pod-security.kubernetes.io/*` labels when the Namespace is in the input, else the policy file, else
 * restricted/latest (the book: restricted where possible).
 */
import type { Inventory } from '../../inventory/inventory.js';

import { checksFor, type PssLevel } from '../pss/evaluate.js';
import { isValidPolicyVersion } from '../pss/version.js';

export type { PssLevel };
export const PSS_LEVELS: readonly PssLevel[] = ['privileged', 'baseline', 'restricted'];

export interface PssSettings {
  level: PssLevel;
  version: string;
  /** Where the level came from, for messages. */
  source: string;
}

export const DEFAULT_PSS: PssSettings = { level: 'restricted', version: 'latest', source: 'parapet default' };

const LABEL_PREFIX = 'pod-security.kubernetes.io/';
const MODES = ['enforce', 'audit', 'warn'] as const;
const STRICTNESS: Record<PssLevel, number> = { privileged: 0, baseline: 1, restricted: 2 };

export function isPssLevel(value: unknown): value is PssLevel {
  return typeof value === 'string' && Object.hasOwn(STRICTNESS, value);
}

/**
 * The strictest level among the namespace's enforce/audit/warn labels: what the namespace's owners declared they
 * hold its pods to. Undefined when the namespace carries no such label.
 */
export function settingsFromLabels(
  labels: Readonly<Record<string, string>>,
  namespace: string,
): PssSettings | undefined {
  let best: PssSettings | undefined;
  for (const mode of MODES) {
    const level = labels[`${LABEL_PREFIX}${mode}`];
    if (!isPssLevel(level)) continue;
    if (best === undefined || STRICTNESS[level] > STRICTNESS[best.level]) {
      best = {
        level,
        version: labels[`${LABEL_PREFIX}${mode}-version`] ?? 'latest',
        source: `namespace ${namespace} label ${LABEL_PREFIX}${mode}`,
      };
    }
  }
  return best;
}

/** A resolver for RuleContext.pss, caching per namespace. */
export function pssResolver(inventory: Inventory, fallback: PssSettings): (namespace: string) => PssSettings {
  const cache = new Map<string, PssSettings>();
  return (namespace) => {
    let settings = cache.get(namespace);
    if (settings === undefined) {
      const ns = inventory.namespaceObject(namespace);
      settings = (ns && settingsFromLabels(ns.labels, namespace)) ?? fallback;
      cache.set(namespace, settings);
    }
    return settings;
  };
}

const judging = new Map<string, ReadonlySet<string>>();

/**
 * The ids of the Pod Security checks that judge pods under `settings` (none for an invalid version): rules that
 * overlap a check defer to it where it is in effect, so one problem gives one finding.
 */
export function pssChecksJudging(settings: Pick<PssSettings, 'level' | 'version'>): ReadonlySet<string> {
  const key = `${settings.level}@${settings.version}`;
  let ids = judging.get(key);
  if (ids === undefined) {
    ids = new Set(
      isValidPolicyVersion(settings.version)
        ? checksFor(settings.level, settings.version).map((c) => c.id)
        : [],
    );
    judging.set(key, ids);
  }
  return ids;
}
