/**
 * Modes and exemptions: for one request, whether it is judged at all, and per rule what a violation does —
 * `audit` (allow, log, count), `warn` (allow with a warning) or `deny`. The policy's `admission:` section is read
 * here and nowhere else.
 */
import { globMatches } from '../engine/glob.js';
import type { AdmissionMode, AdmissionSettings } from '../engine/policy.js';

export const MODES: readonly AdmissionMode[] = ['audit', 'warn', 'deny'];
const STRENGTH: Record<AdmissionMode, number> = { audit: 0, warn: 1, deny: 2 };

export function stronger(a: AdmissionMode, b: AdmissionMode): AdmissionMode {
  return STRENGTH[a] >= STRENGTH[b] ? a : b;
}

const anyMatches = (globs: readonly string[] | undefined, value: string) =>
  globs?.some((glob) => globMatches(glob, value)) === true;

export interface ModeResolver {
  /** The exemption that covers this request, if any (its reason is logged). */
  exemption(namespace: string, username: string, groups: readonly string[]): string | undefined;
  mode(ruleId: string, namespace: string): AdmissionMode;
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
    exemption(namespace, username, groups) {
      for (const e of exemptions) {
        if (
          anyMatches(e.namespaces, namespace) ||
          anyMatches(e.users, username) ||
          groups.some((group) => anyMatches(e.groups, group))
        )
          return e.reason;
      }
      return undefined;
    },
    mode(ruleId, namespace) {
      for (const o of overrides) {
        if (
          globMatches(o.rule, ruleId) &&
          (o.namespaces === undefined || anyMatches(o.namespaces, namespace))
        )
          return o.mode;
      }
      return base;
    },
  };
}
