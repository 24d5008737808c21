/**
 * The policy file: which rules run, their severity and parameters, the Pod Security default, and exceptions.
 * Found as `parapet.yaml` in a scanned directory or given with --policy. Validated with ajv; every error names
 * the key at fault.
 */
import { readFile } from 'node:fs/promises';
import yaml from 'js-yaml';
import type { CustomRule, CustomRuleSpec } from '../cel/custom-rules.js';
import { isSeverity, type Severity } from '../findings/severity.js';
import type { LabelSelector } from '../inventory/selectors.js';
import { DEFAULT_PSS, isPssLevel, type PssSettings } from '../rules/pod-security/settings.js';
import type { Rule } from '../rules/types.js';
import type { ActiveRule } from './evaluate.js';

export interface PolicyException {
  rule: string;
  kind?: string;
  namespace?: string;
  name?: string;
  labels?: Record<string, string>;
  reason: string;
  expires?: string;
}

type RuleSetting =
  | 'off'
  | 'on'
  | { enabled?: boolean; severity?: Severity; params?: Record<string, unknown> };

export type AdmissionMode = 'audit' | 'warn' | 'deny';

/** The `admission:` section, read only by `parapet webhook` (src/admission/modes.ts resolves it). */
export interface AdmissionSettings {
  mode?: AdmissionMode;
  /** On UPDATE, act only on violations the old object did not already have. */
  onUpdate?: 'all' | 'new';
  /**
   * Later entries win; `rule` is an id or glob, `namespaces` name globs and `namespaceSelector` the namespace's
   * labels (both must match where both are given; every namespace when neither is).
   */
  overrides?: {
    rule: string;
    namespaces?: string[];
    namespaceSelector?: LabelSelector;
    mode: AdmissionMode;
  }[];
  exemptions?: {
    namespaces?: string[];
    namespaceSelector?: LabelSelector;
    users?: string[];
    groups?: string[];
    reason: string;
  }[];
}

export interface Policy {
  /** Where it came from, for messages; undefined for the built-in default. */
  file?: string;
  failOn?: Severity | 'none';
  pss: PssSettings;
  rules: Record<string, RuleSetting>;
  exceptions: PolicyException[];
  admission?: AdmissionSettings;
  /** The `customRules:` entries, compiled: they run after the catalog's rules, wherever those run. */
  customRules: CustomRule[];
}

export const DEFAULT_POLICY: Policy = { pss: DEFAULT_PSS, rules: {}, exceptions: [], customRules: [] };

export class PolicyError extends Error {
  override name = 'PolicyError';
}

interface AjvError {
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/** `rules.PP-WL-010.params.max` from ajv's `/rules/PP-WL-010/params/max`. */
function keyOf(instancePath: string, params: Record<string, unknown>): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (typeof params.additionalProperty === 'string') parts.push(params.additionalProperty);
  return parts.join('.') || '(top level)';
}

function describeErrors(file: string, errors: readonly AjvError[] | null | undefined): string {
  const lines = (errors ?? []).map((e) => {
    const detail =
      typeof e.params.additionalProperty === 'string'
        ? 'is not a known setting'
        : (e.message ?? 'is invalid');
    const allowed = Array.isArray(e.params.allowedValues)
      ? ` (one of ${e.params.allowedValues.join(', ')})`
      : '';
    return `${file}: ${keyOf(e.instancePath, e.params)} ${detail}${allowed}`;
  });
  return [...new Set(lines)].join('\n');
}

/** An ajv validator: true when valid, otherwise `errors` says why. */
interface Validator {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}

/**
 * The validators, compiled by ajv at build time (scripts/policy-validators.ts): loading them costs a few
 * milliseconds, where loading ajv and compiling the schemas at start-up cost about sixty.
 */
async function validators(): Promise<{ policy: Validator; ruleParams: Record<string, Validator> }> {
  return (await import('./policy-validators.generated.js')) as unknown as {
    policy: Validator;
    ruleParams: Record<string, Validator>;
  };
}

/** Reads, validates and resolves a policy file against the rule catalog. Throws PolicyError naming the key. */
export async function loadPolicy(file: string, catalog: readonly Rule[]): Promise<Policy> {
  let raw: unknown;
  try {
    raw = yaml.load(await readFile(file, 'utf8'), { schema: yaml.CORE_SCHEMA });
  } catch (error) {
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    const where = mark ? `:${mark.line + 1}:${mark.column + 1}` : '';
    const reason = (error as { reason?: string; code?: string }).reason ?? (error as Error).message;
    throw new PolicyError(`${file}${where}: cannot read policy: ${reason}`);
  }
  if (raw === null || raw === undefined) return { ...DEFAULT_POLICY, file };
  const { policy: validate, ruleParams } = await validators();
  if (!validate(raw)) throw new PolicyError(describeErrors(file, validate.errors));
  const doc = raw as Omit<Policy, 'pss' | 'file' | 'customRules'> & {
    pss?: Partial<PssSettings>;
    customRules?: CustomRuleSpec[];
  };
  const problems: string[] = [];
  const customRules: CustomRule[] = [];
  // the CEL library is loaded only by a policy that has custom rules: a plain scan starts without it
  const cel = doc.customRules?.length ? await import('../cel/custom-rules.js') : undefined;
  for (const [i, spec] of (doc.customRules ?? []).entries()) {
    if (cel === undefined) break;
    if (catalog.some((r) => r.meta.id === spec.id) || customRules.some((r) => r.meta.id === spec.id)) {
      problems.push(`${file}: customRules.${i}.id ${spec.id} is already a rule's id`);
      continue;
    }
    try {
      customRules.push(cel.customRule(spec, `${file}: customRules.${i}`));
    } catch (error) {
      if (!(error instanceof cel.CustomRuleError)) throw error;
      problems.push(error.message);
    }
  }
  const known = (id: string) =>
    catalog.some((r) => r.meta.id === id) || customRules.some((r) => r.meta.id === id);
  for (const [id, setting] of Object.entries(doc.rules ?? {})) {
    const rule = catalog.find((r) => r.meta.id === id) ?? customRules.find((r) => r.meta.id === id);
    if (rule === undefined) {
      problems.push(`${file}: rules.${id} is not a parapet rule (see \`parapet rules\`)`);
      continue;
    }
    const params = typeof setting === 'object' ? setting.params : undefined;
    if (params === undefined) continue;
    if (rule.meta.params === undefined) {
      problems.push(`${file}: rules.${id}.params: this rule takes no parameters`);
      continue;
    }
    const check = ruleParams[id];
    if (check === undefined) throw new Error(`no compiled validator for ${id}'s parameters: regenerate them`);
    if (!check(params)) {
      for (const e of check.errors ?? []) {
        problems.push(describeErrors(file, [{ ...e, instancePath: `/rules/${id}/params${e.instancePath}` }]));
      }
    }
  }
  for (const [i, override] of (doc.admission?.overrides ?? []).entries()) {
    if (!override.rule.includes('*') && !known(override.rule)) {
      problems.push(`${file}: admission.overrides.${i}.rule ${override.rule} is not a parapet rule`);
    }
  }
  for (const [i, exception] of (doc.exceptions ?? []).entries()) {
    if (!exception.rule.includes('*') && !known(exception.rule)) {
      problems.push(`${file}: exceptions.${i}.rule ${exception.rule} is not a parapet rule`);
    }
  }
  if (problems.length > 0) throw new PolicyError(problems.join('\n'));
  return {
    file,
    failOn: doc.failOn,
    pss: {
      level: isPssLevel(doc.pss?.level) ? doc.pss.level : DEFAULT_PSS.level,
      version: doc.pss?.version ?? DEFAULT_PSS.version,
      source: `policy ${file}`,
    },
    rules: doc.rules ?? {},
    exceptions: doc.exceptions ?? [],
    ...(doc.admission ? { admission: doc.admission } : {}),
    customRules,
  };
}

/** The enabled rules with severity overrides and parameters (defaults merged with the policy's). */
export function activeRules(catalog: readonly Rule[], policy: Policy): ActiveRule[] {
  const out: ActiveRule[] = [];
  for (const rule of [...catalog, ...policy.customRules]) {
    const setting = policy.rules[rule.meta.id];
    if (setting === 'off' || (typeof setting === 'object' && setting.enabled === false)) continue;
    const overrides = typeof setting === 'object' ? setting : {};
    out.push({
      rule,
      severity: isSeverity(overrides.severity) ? overrides.severity : rule.meta.severity,
      severityOverridden: isSeverity(overrides.severity),
      params: { ...(rule.meta.params?.defaults ?? {}), ...(overrides.params ?? {}) },
    });
  }
  return out;
}
