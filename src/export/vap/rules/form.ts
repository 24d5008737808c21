/**
 * A built-in rule's CEL form: what an exported policy matches and the expression that allows what the rule
 * passes. test/export/rule-cel.test.ts holds every form to its rule, object by object, on a corpus of examples.
 */
import type { PssSettings } from '../../../rules/pod-security/settings.js';
import type { PolicyVariable } from '../pod-variables.js';

export { present } from '../pod-variables.js';

export interface CelFormInput<P> {
  /** The rule's parameters, as the policy file sets them (defaults merged). */
  params: P;
  /** The policy file's Pod Security default, for rules that defer to Pod Security where it holds (pss-context.ts). */
  pss: Pick<PssSettings, 'level' | 'version'>;
}

export interface RuleCelForm<P = Record<string, unknown>> {
  /**
   * The rule's id. The policy matches the kinds the rule applies to (`meta.appliesTo`); for a pod rule it also
   * skips controllers without a pod spec and reads the pod variables of pod-variables.ts.
   */
  id: string;
  /** Variables the expression reads, after the pod variables for a pod rule. */
  variables?: (input: CelFormInput<P>) => readonly PolicyVariable[];
  /** True when the object is allowed: the rule reports nothing on it. */
  expression: (input: CelFormInput<P>) => string;
  /** Optional CEL string naming what failed (a container, a key); the rule's title and fix are said otherwise. */
  messageExpression?: string | ((input: CelFormInput<P>) => string);
  /**
   * For a rule off until configured (an empty allow-list): the reason nothing is exported with these parameters.
   * Undefined when the form can be exported.
   */
  unconfigured?: (params: P) => string | undefined;
}

/** A CEL string literal. */
export function celString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A CEL list of string literals. */
export function celStrings(texts: readonly string[]): string {
  return `[${texts.map(celString).join(', ')}]`;
}

/** A message naming the first item of `list` (by `.name`) for which `ok` does not hold. */
export function firstFailing(list: string, ok: (item: string) => string, text: string): string {
  return `'container ' + ${list}.filter(c, !(${ok('c')}))[0].name + ${celString(` ${text}`)}`;
}
