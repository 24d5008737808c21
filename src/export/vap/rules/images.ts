/** CEL forms of the images rules (see form.ts; test/export/rule-cel.test.ts holds each to its rule). */
import type { RuleCelForm } from './form.js';

export const IMAGE_FORMS: readonly RuleCelForm[] = [
  {
    id: 'PP-WL-033', // Secret passed as an environment variable
    expression: () =>
      'variables.containers.all(c, !(has(c.env) && c.env.exists(e, has(e.valueFrom) && has(e.valueFrom.secretKeyRef))) && !(has(c.envFrom) && c.envFrom.exists(e, has(e.secretRef))))',
  },
];

/** Rules of this group judged from one object whose judgement CEL cannot express, with why. */
export const IMAGE_NOT_IN_CEL: Readonly<Record<string, string>> = {
  'PP-WL-032':
    "credentials.ts classifies with JavaScript regexes RE2 lacks (lookbehind/lookahead around AWS key ids and URL passwords), splits camelCase names into words judged one by one against word lists, reads files in values line by line, and Secret values must be base64-decoded: CEL's matches() cannot reproduce that classification exactly",
  'PP-DATA-002':
    "credentials.ts classifies with JavaScript regexes RE2 lacks (lookbehind/lookahead around AWS key ids and URL passwords), splits camelCase names into words judged one by one against word lists and reads files kept in a value line by line: CEL's matches() cannot reproduce that classification exactly",
};
