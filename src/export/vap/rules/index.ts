/**
 * Every built-in rule with a CEL form (besides the Pod Security checks, pss-cel.ts), and the single-object rules
 * that have none, with the reason.
 */
import type { RuleCelForm } from './form.js';
import { WORKLOAD_FORMS } from './workloads.js';

const FORMS: readonly RuleCelForm[] = [...WORKLOAD_FORMS];

export const RULE_CEL_FORMS: ReadonlyMap<string, RuleCelForm> = new Map(FORMS.map((f) => [f.id, f]));

/** Rules judged from one object whose judgement CEL cannot express, with why. */
export const NOT_IN_CEL: Readonly<Record<string, string>> = {};
