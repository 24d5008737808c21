/** CEL forms of the security-context rules (see form.ts; test/export/rule-cel.test.ts holds each to its rule). */
import type { RuleCelForm } from './form.js';

export const SECURITY_CONTEXT_FORMS: readonly RuleCelForm[] = [];

/** Rules of this group judged from one object whose judgement CEL cannot express, with why. */
export const SECURITY_CONTEXT_NOT_IN_CEL: Readonly<Record<string, string>> = {};
