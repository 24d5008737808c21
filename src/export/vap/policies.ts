/**
 * parapet's rules as ValidatingAdmissionPolicies and their bindings (admissionregistration.k8s.io/v1): the Pod
 * Security checks at a level and version, and the policy file's custom rules. Modes become validationActions,
 * the policy file's admission overrides per namespace become bindings of their own, and its exemptions and
 * exceptions become match conditions. Rules that cannot be judged from one object are listed with the reason.
 */
import { isCustomRule } from '../../cel/custom-rules.js';
import { globMatches, globToRegExp } from '../../engine/glob.js';
import { type AdmissionMode, activeRules, type Policy, type PolicyException } from '../../engine/policy.js';
import type { LabelSelector } from '../../inventory/selectors.js';
import type { PssLevel } from '../../rules/pss/evaluate.js';
import type { Rule } from '../../rules/types.js';
import { podResourceRules, resourceRulesFor } from './api-resources.js';
import { HAS_POD_SPEC, POD_VARIABLES } from './pod-variables.js';
import { pssCheckOf, pssExports } from './pss.js';
import { celString, celStrings, type RuleCelForm } from './rules/form.js';
import { NOT_IN_CEL, RULE_CEL_FORMS } from './rules/index.js';

export const API_VERSION = 'admissionregistration.k8s.io/v1';
const MANAGED = { 'app.kubernetes.io/managed-by': 'parapet' };
const NAMESPACE_LABEL = 'kubernetes.io/metadata.name';

/** What a mode makes the API server do with a failed validation. */
export const VALIDATION_ACTIONS: Record<AdmissionMode, string[]> = {
  audit: ['Audit'],
  warn: ['Warn', 'Audit'],
  deny: ['Deny'],
};

export interface ExportOptions {
  /** `all`, `pss`, or rule ids. */
  rules: readonly string[];
  level: PssLevel;
  version: string;
  /** The default mode; the policy file's `admission.mode` is used when this is undefined. */
  mode?: AdmissionMode;
  policy: Policy;
  catalog: readonly Rule[];
  /** YYYY-MM-DD: expired exceptions are not exported. */
  today: string;
}

export interface NotExported {
  id: string;
  reason: string;
}

export interface ExportResult {
  objects: Record<string, unknown>[];
  notExported: NotExported[];
  /** Settings of the policy file that no policy object can express (namespace globs in overrides). */
  warnings: string[];
}

/** Why a rule cannot be exported, or undefined when it can (for `parapet rules --format json` too). */
export function notExportable(rule: Rule): string | undefined {
  if (rule.meta.facts !== undefined)
    return "judges parapet's facts about nodes and the platform, which no admitted object carries";
  if (rule.target === 'inventory') return 'judges relations between objects';
  if (rule.meta.silentWhen !== undefined) return 'needs the objects it relates to';
  if (rule.meta.requires === 'vulnerabilities')
    return 'needs image vulnerability reports, which the API server does not have';
  if (pssCheckOf(rule) !== undefined || isCustomRule(rule) || RULE_CEL_FORMS.has(rule.meta.id))
    return undefined;
  return NOT_IN_CEL[rule.meta.id] ?? 'judged from one object, but has no CEL translation yet';
}

interface Unit {
  rule: Rule;
  resourceRules: unknown[];
  /** A custom rule's `match.labelSelector`: the API server selects on the object's own labels, as the scan does. */
  objectSelector?: LabelSelector;
  matchConditions: { name: string; expression: string }[];
  variables: readonly { name: string; expression: string }[];
  validations: Record<string, unknown>[];
  annotations: Record<string, string>;
}

function message(rule: Rule, suffix = ''): string {
  return `${rule.meta.id} ${rule.meta.title}${suffix}: ${rule.meta.remediation}`;
}

function pssUnits(options: ExportOptions, selected: (rule: Rule) => boolean): Unit[] {
  const where = ` (Pod Security ${options.level} ${options.version})`;
  return pssExports(options.level, options.version)
    .filter((e) => selected(e.rule))
    .map((e) => ({
      rule: e.rule,
      resourceRules: podResourceRules(),
      matchConditions: [{ name: 'has-pod-spec', expression: HAS_POD_SPEC }],
      variables: POD_VARIABLES,
      validations: [{ expression: e.expression, message: message(e.rule, where), reason: 'Forbidden' }],
      annotations: {
        'parapet.dev/rule': e.rule.meta.id,
        'parapet.dev/pod-security': `${options.level} ${options.version} ${e.check} (implementation of ${e.implementation})`,
      },
    }));
}

/** A built-in rule with a CEL form (rules/). */
function formUnit(rule: Rule, form: RuleCelForm, params: Record<string, unknown>, policy: Policy): Unit {
  const input = { params, pss: policy.pss };
  const own = form.variables?.(input) ?? [];
  const onPods = rule.target === 'pod';
  const kinds = rule.meta.appliesTo;
  if (kinds === undefined && !onPods)
    throw new Error(`${rule.meta.id}: a CEL form needs the kinds it applies to`);
  const resourceRules = onPods ? podResourceRules(kinds) : resourceRulesFor(kinds ?? []);
  if ('unknownKind' in resourceRules)
    throw new Error(`${rule.meta.id}: no API resource known for ${resourceRules.unknownKind}`);
  return {
    rule,
    resourceRules,
    matchConditions: onPods ? [{ name: 'has-pod-spec', expression: HAS_POD_SPEC }] : [],
    variables: onPods ? [...POD_VARIABLES, ...own] : own,
    validations: [
      {
        expression: form.expression(input),
        message: message(rule),
        ...(form.messageExpression !== undefined
          ? {
              messageExpression:
                typeof form.messageExpression === 'string'
                  ? form.messageExpression
                  : form.messageExpression(input),
            }
          : {}),
        reason: 'Forbidden',
      },
    ],
    annotations: { 'parapet.dev/rule': rule.meta.id },
  };
}

/** Custom rules' kinds as resource rules, or the reason they cannot be. */
function customUnit(rule: Rule): Unit | string {
  if (!isCustomRule(rule)) throw new Error(`${rule.meta.id} is not a custom rule`);
  const { spec } = rule.custom;
  const resourceRules = resourceRulesFor(spec.match.kinds);
  if ('unknownKind' in resourceRules)
    return `kind ${resourceRules.unknownKind} has no API resource known to parapet`;
  const matchConditions = spec.match.namespaces
    ? [
        {
          name: 'in-namespaces',
          expression: `request.namespace in ${celStrings(spec.match.namespaces)}`,
        },
      ]
    : [];
  const selector = spec.match.labelSelector;
  return {
    rule,
    resourceRules,
    ...(selector === undefined
      ? {}
      : {
          objectSelector: {
            ...(selector.matchLabels ? { matchLabels: selector.matchLabels } : {}),
            ...(selector.matchExpressions ? { matchExpressions: selector.matchExpressions } : {}),
          },
        }),
    matchConditions,
    variables: spec.variables ?? [],
    validations: spec.validations.map((v) => ({
      expression: v.expression,
      ...(v.messageExpression ? { messageExpression: v.messageExpression } : {}),
      message: v.message ? `${rule.meta.id}: ${v.message}` : message(rule),
      ...(v.fieldPath ? { fieldPath: v.fieldPath } : {}),
      reason: v.reason ?? 'Forbidden',
    })),
    annotations: { 'parapet.dev/rule': rule.meta.id },
  };
}

/** A CEL test that a string matches any of the globs. */
function matchesAny(value: string, globs: readonly string[]): string {
  return globs
    .map((g) =>
      g.includes('*') || g.includes('?')
        ? `${value}.matches(${celString(globToRegExp(g).source)})`
        : `${value} == ${celString(g)}`,
    )
    .join(' || ');
}

/** The admission section's exemptions, as match conditions every policy carries. */
function exemptionConditions(policy: Policy): { name: string; expression: string }[] {
  return (policy.admission?.exemptions ?? []).map((e, i) => {
    const parts: string[] = [];
    if (e.namespaces) parts.push(matchesAny('request.namespace', e.namespaces));
    if (e.users) parts.push(matchesAny('request.userInfo.username', e.users));
    if (e.groups) parts.push(`request.userInfo.groups.exists(g, ${matchesAny('g', e.groups)})`);
    return { name: `exemption-${i}`, expression: `!(${parts.join(' || ')})` };
  });
}

/** The policy file's unexpired exceptions of one rule, as match conditions. */
function exceptionConditions(rule: Rule, exceptions: readonly PolicyException[], today: string) {
  return exceptions
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => globMatches(e.rule, rule.meta.id) && !(e.expires !== undefined && e.expires < today))
    .map(({ e, i }) => {
      const parts: string[] = [];
      if (e.kind) parts.push(`object.kind == ${celString(e.kind)}`);
      if (e.namespace) parts.push(`(${matchesAny('request.namespace', [e.namespace])})`);
      if (e.name) parts.push(`(${matchesAny('object.metadata.name', [e.name])})`);
      for (const [key, value] of Object.entries(e.labels ?? {}))
        parts.push(
          `(has(object.metadata.labels) && ${celString(key)} in object.metadata.labels && object.metadata.labels[${celString(key)}] == ${celString(value)})`,
        );
      return {
        name: `exception-${i}`,
        expression: parts.length === 0 ? 'false' : `!(${parts.join(' && ')})`,
      };
    });
}

function resourceName(rule: Rule): string {
  return `parapet-${rule.meta.id.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`;
}

/** The bindings of one policy: the rule's mode everywhere, and one more binding per other mode of named namespaces. */
function bindings(rule: Rule, options: ExportOptions, warnings: string[]): Record<string, unknown>[] {
  const overrides = (options.policy.admission?.overrides ?? []).filter((o) =>
    globMatches(o.rule, rule.meta.id),
  );
  let base: AdmissionMode = options.mode ?? options.policy.admission?.mode ?? 'audit';
  const named = new Map<string, AdmissionMode>();
  for (const o of overrides) {
    if (o.namespaces === undefined) {
      base = o.mode;
      named.clear();
      continue;
    }
    for (const ns of o.namespaces) {
      if (ns.includes('*') || ns.includes('?')) {
        warnings.push(
          `${rule.meta.id}: the override for namespaces "${ns}" is a glob, which a namespaceSelector cannot express: not exported`,
        );
        continue;
      }
      named.set(ns, o.mode);
    }
  }
  const byMode = new Map<AdmissionMode, string[]>();
  for (const [ns, mode] of named) if (mode !== base) byMode.set(mode, [...(byMode.get(mode) ?? []), ns]);
  const others = [...byMode.values()].flat().sort();
  const name = resourceName(rule);
  const binding = (suffix: string, mode: AdmissionMode, selector?: Record<string, unknown>) => ({
    apiVersion: API_VERSION,
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name: `${name}${suffix}`, labels: MANAGED },
    spec: {
      policyName: name,
      validationActions: VALIDATION_ACTIONS[mode],
      ...(selector ? { matchResources: { namespaceSelector: selector } } : {}),
    },
  });
  const out = [
    binding(
      '',
      base,
      others.length > 0
        ? { matchExpressions: [{ key: NAMESPACE_LABEL, operator: 'NotIn', values: others }] }
        : undefined,
    ),
  ];
  for (const [mode, namespaces] of [...byMode].sort(([a], [b]) => a.localeCompare(b)))
    out.push(
      binding(`-${mode}`, mode, {
        matchExpressions: [{ key: NAMESPACE_LABEL, operator: 'In', values: namespaces.sort() }],
      }),
    );
  return out;
}

export function exportVap(options: ExportOptions): ExportResult {
  const all = options.rules.includes('all');
  const onlyPss = options.rules.includes('pss');
  const ids = new Set(options.rules.filter((r) => r !== 'all' && r !== 'pss'));
  const rules = [...options.catalog, ...options.policy.customRules];
  for (const id of ids)
    if (!rules.some((r) => r.meta.id === id)) throw new Error(`${id} is not a parapet rule`);
  const selected = (rule: Rule) =>
    all || ids.has(rule.meta.id) || (onlyPss && pssCheckOf(rule) !== undefined);
  const disabled = (rule: Rule) => {
    const setting = options.policy.rules[rule.meta.id];
    return setting === 'off' || (typeof setting === 'object' && setting.enabled === false);
  };

  const active = new Map(activeRules(options.catalog, options.policy).map((a) => [a.rule, a.params]));
  const paramsOf = (rule: Rule) => active.get(rule) ?? rule.meta.params?.defaults ?? {};
  const notExported: NotExported[] = [];
  const units: Unit[] = [];
  const pss = pssUnits(options, (rule) => selected(rule) && !disabled(rule));
  for (const rule of rules.filter(selected)) {
    if (disabled(rule)) {
      notExported.push({ id: rule.meta.id, reason: 'turned off in the policy file' });
      continue;
    }
    const reason = notExportable(rule);
    if (reason !== undefined) {
      notExported.push({ id: rule.meta.id, reason });
      continue;
    }
    if (pssCheckOf(rule) !== undefined) {
      const unit = pss.find((u) => u.rule === rule);
      if (unit) units.push(unit);
      else
        notExported.push({
          id: rule.meta.id,
          reason: `not a check of Pod Security ${options.level} ${options.version} (or replaced there by a stricter one)`,
        });
      continue;
    }
    const form = RULE_CEL_FORMS.get(rule.meta.id);
    if (form !== undefined) {
      const params = paramsOf(rule);
      const unconfigured = form.unconfigured?.(params);
      if (unconfigured !== undefined) notExported.push({ id: rule.meta.id, reason: unconfigured });
      else units.push(formUnit(rule, form, params, options.policy));
      continue;
    }
    const unit = customUnit(rule);
    if (typeof unit === 'string') notExported.push({ id: rule.meta.id, reason: unit });
    else units.push(unit);
  }

  const warnings: string[] = [];
  const exemptions = exemptionConditions(options.policy);
  const objects: Record<string, unknown>[] = [];
  for (const unit of units) {
    const name = resourceName(unit.rule);
    objects.push({
      apiVersion: API_VERSION,
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name, labels: MANAGED, annotations: unit.annotations },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          resourceRules: unit.resourceRules,
          ...(unit.objectSelector ? { objectSelector: unit.objectSelector } : {}),
        },
        matchConditions: [
          ...unit.matchConditions,
          ...exemptions,
          ...exceptionConditions(unit.rule, options.policy.exceptions, options.today),
        ],
        variables: unit.variables,
        validations: unit.validations,
      },
    });
    objects.push(...bindings(unit.rule, options, warnings));
  }
  return { objects, notExported, warnings };
}
