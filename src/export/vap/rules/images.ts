/** CEL forms of the images rules (see form.ts; test/export/rule-cel.test.ts holds each to its rule). */
import type { RuleCelForm } from './form.js';

export const IMAGE_FORMS: readonly RuleCelForm[] = [];

/** Rules of this group judged from one object whose judgement CEL cannot express, with why. */
export const IMAGE_NOT_IN_CEL: Readonly<Record<string, string>> = {};
