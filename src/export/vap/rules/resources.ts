/** CEL forms of the resources rules (see form.ts; test/export/rule-cel.test.ts holds each to its rule). */
import { RUNNING_CONTAINERS } from '../pod-variables.js';
import { firstFailing, present, type RuleCelForm } from './form.js';

const RUNNING = 'variables.runningContainers';

/** A resources rule: every running container satisfies `ok`; the message names the first that does not. */
function resourceForm(id: string, ok: (c: string) => string, failure: string): RuleCelForm {
  return {
    id,
    variables: () => [RUNNING_CONTAINERS],
    expression: () => `${RUNNING}.all(c, ${ok('c')})`,
    messageExpression: firstFailing(RUNNING, ok, failure),
  };
}

const sets = (c: string, field: 'limits' | 'requests', resource: string) =>
  `(${present(c, 'resources', field, resource)})`;

export const RESOURCE_FORMS: readonly RuleCelForm[] = [
  resourceForm('PP-WL-010', (c) => sets(c, 'limits', 'memory'), 'sets no memory limit'),
  // the API server copies a CPU limit into a missing request
  resourceForm(
    'PP-WL-011',
    (c) => `${sets(c, 'requests', 'cpu')} || ${sets(c, 'limits', 'cpu')}`,
    'sets no CPU request',
  ),
  resourceForm('PP-WL-012', (c) => `!${sets(c, 'limits', 'cpu')}`, 'sets a CPU limit, which throttles it'),
];

/** Rules of this group judged from one object whose judgement CEL cannot express, with why. */
export const RESOURCE_NOT_IN_CEL: Readonly<Record<string, string>> = {};
