/**
 * Modes and exemptions: for one request, whether it is judged at all, and per rule what a violation does —
 * `audit` (allow, log, count), `warn` (allow with a warning) or `deny`. The policy's `admission:` section is read
 * here and nowhere else.
 */
import { globMatches } from '../engine/glob.js';
import type { AdmissionMode, AdmissionSettings } from '../engine/policy.js';
import { type LabelSelector, selectorMatches } from '../inventory/selectors.js';

export const MODES: readonly AdmissionMode[] = ['audit', 'warn', 'deny'];
const STRENGTH: Record<AdmissionMode, number> = { audit: 0, warn: 1, deny: 2 };

export function stronger(a: AdmissionMode, b: AdmissionMode): AdmissionMode {
  return STRENGTH[a] >= STRENGTH[b] ? a : b;
}

const anyMatches = (globs: readonly string[] | undefined, value: string) =>
  globs?.some((glob) => globMatches(glob, value)) === true;

/** The namespace a request is in: its name, and its labels where they could be read (undefined: unknown). */
export interface RequestNamespace {
  name: string;
  labels?: Readonly<Record<string, string>>;
}

/**
 * Name globs and a label selector, both required where both are given. A selector over labels that could not be
 * read matches nothing: the request is then judged as if the entry were not there (logged by the server).
 */
function namespaceMatches(
  entry: { namespaces?: readonly string[]; namespaceSelector?: LabelSelector },
  namespace: RequestNamespace,
): boolean {
  if (entry.namespaces !== undefined && !anyMatches(entry.namespaces, namespace.name)) return false;
  if (entry.namespaceSelector === undefined) return true;
  return namespace.labels !== undefined && selectorMatches(entry.namespaceSelector, namespace.labels);
}

export interface ModeResolver {
  /** Whether some entry selects namespaces by label, so the server must look the labels up. */
  readonly usesNamespaceLabels: boolean;
  /** The exemption that covers this request, if any (its reason is logged). */
  exemption(namespace: RequestNamespace, username: string, groups: readonly string[]): string | undefined;
  mode(ruleId: string, namespace: RequestNamespace): AdmissionMode;
}

/**
 * `fallback` is the --mode flag: the default for every rule the policy sets no mode for. The policy's own
 * `admission.mode` wins over it; an override (the last that matches) wins over both.
 */
export function modeResolver(settings: AdmissionSettings | undefined, fallback: AdmissionMode): ModeResolver {
  const base = settings?.mode ?? fallback;
  const overrides = [...(settings?.overrides ?? [])].reverse();
  const exemptions = settings?.exemptions ?? [];
  return {
    usesNamespaceLabels: [...overrides, ...exemptions].some((e) => e.namespaceSelector !== undefined),
    exemption(namespace, username, groups) {
      for (const e of exemptions) {
        const byNamespace =
          (e.namespaces !== undefined || e.namespaceSelector !== undefined) && namespaceMatches(e, namespace);
        if (
          byNamespace ||
          anyMatches(e.users, username) ||
          groups.some((group) => anyMatches(e.groups, group))
        )
          return e.reason;
      }
      return undefined;
    },
    mode(ruleId, namespace) {
      for (const o of overrides) {
        if (globMatches(o.rule, ruleId) && namespaceMatches(o, namespace)) return o.mode;
      }
      return base;
    },
  };
}
