/** CEL forms of the objects rules (see form.ts; test/export/rule-cel.test.ts holds each to its rule). */
import type { RuleCelForm } from './form.js';

export const OBJECT_FORMS: readonly RuleCelForm[] = [];

/** Rules of this group judged from one object whose judgement CEL cannot express, with why. */
export const OBJECT_NOT_IN_CEL: Readonly<Record<string, string>> = {};
