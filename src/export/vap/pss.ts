/**
 * Which Pod Security checks a level and version export, each with the CEL of the implementation in effect there
 * (the same choice rules/pss/evaluate.ts makes) and the parapet rule that reports it.
 */
import { POD_SECURITY_RULES } from '../../rules/pod-security/rules.js';
import { PSS_CHECKS } from '../../rules/pss/checks/index.js';
import { checksFor, type PssLevel } from '../../rules/pss/evaluate.js';
import { parsePolicyVersion } from '../../rules/pss/version.js';
import type { Rule } from '../../rules/types.js';
import { PSS_CEL } from './pss-cel.js';

export interface PssExport {
  rule: Rule;
  check: string;
  /** The implementation's first policy version, e.g. `v1.25`. */
  implementation: string;
  /** True when the pod is allowed. */
  expression: string;
}

/** The PSS check a rule reports (its PSS reference), or undefined for other rules. */
export function pssCheckOf(rule: Rule): string | undefined {
  return POD_SECURITY_RULES.includes(rule as never)
    ? rule.meta.references.find((r) => r.framework === 'PSS')?.id
    : undefined;
}

/** The checks in effect at a level and version, in PSA's order, with their CEL. */
export function pssExports(level: PssLevel, version: string): PssExport[] {
  const minor = parsePolicyVersion(version);
  return checksFor(level, version).map(({ id }) => {
    const check = PSS_CHECKS.find((c) => c.id === id);
    const implementation = check?.versions.filter((v) => parsePolicyVersion(v.minVersion) <= minor).at(-1);
    const rule = POD_SECURITY_RULES.find((r) => pssCheckOf(r) === id);
    if (check === undefined || implementation === undefined || rule === undefined)
      throw new Error(`Pod Security check ${id} has no implementation or rule at ${version}`);
    const key = `${id}@${implementation.minVersion}`;
    const expression = PSS_CEL[key];
    if (expression === undefined) throw new Error(`no CEL translation for ${key}`);
    return { rule, check: id, implementation: implementation.minVersion, expression };
  });
}
