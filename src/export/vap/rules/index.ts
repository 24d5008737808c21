/**
 * Every built-in rule with a CEL form (besides the Pod Security checks, pss-cel.ts), and the single-object rules
 * that have none, with the reason.
 */
import type { RuleCelForm } from './form.js';
import { IMAGE_FORMS, IMAGE_NOT_IN_CEL } from './images.js';
import { OBJECT_FORMS, OBJECT_NOT_IN_CEL } from './objects.js';
import { OPERATIONS_FORMS, OPERATIONS_NOT_IN_CEL } from './operations.js';
import { RESOURCE_FORMS, RESOURCE_NOT_IN_CEL } from './resources.js';
import { SECURITY_CONTEXT_FORMS, SECURITY_CONTEXT_NOT_IN_CEL } from './security-context.js';
import { WORKLOAD_FORMS } from './workloads.js';

const FORMS: readonly RuleCelForm[] = [
  ...WORKLOAD_FORMS,
  ...SECURITY_CONTEXT_FORMS,
  ...RESOURCE_FORMS,
  ...IMAGE_FORMS,
  ...OBJECT_FORMS,
  ...OPERATIONS_FORMS,
];

export const RULE_CEL_FORMS: ReadonlyMap<string, RuleCelForm> = new Map(FORMS.map((f) => [f.id, f]));

/** Rules judged from one object whose judgement CEL cannot express, with why. */
export const NOT_IN_CEL: Readonly<Record<string, string>> = {
  ...SECURITY_CONTEXT_NOT_IN_CEL,
  ...RESOURCE_NOT_IN_CEL,
  ...IMAGE_NOT_IN_CEL,
  ...OBJECT_NOT_IN_CEL,
  ...OPERATIONS_NOT_IN_CEL,
};
