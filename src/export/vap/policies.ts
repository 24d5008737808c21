/**
 * parapet's rules as ValidatingAdmissionPolicies and their bindings (admissionregistration.k8s.io/v1): the Pod
 * Security checks at a level and version, and the policy file's custom rules. Modes become validationActions,
 * the policy file's admission overrides per namespace become bindings of their own, and its exemptions and
 * exceptions become match conditions. Rules that cannot be judged from one object are listed with the reason.
 */
import { isCustomRule } from '../../cel/custom-rules.js';
import { globMatches, globToRegExp } from '../../engine/glob.js';
import type { AdmissionMode, Policy, PolicyException } from '../../engine/policy.js';
import type { PssLevel } from '../../rules/pss/evaluate.js';
import type { Rule } from '../../rules/types.js';
import { HAS_POD_SPEC, POD_CONTROLLER_RESOURCES, POD_VARIABLES, podResourceRules } from './pod-variables.js';
import { pssCheckOf, pssExports } from './pss.js';
import { RULE_CEL } from './rule-cel.js';

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
  if (rule.target === 'inventory') return 'judges relations between objects';
  if (rule.meta.silentWhen !== undefined) return 'needs the objects it relates to';
  if (pssCheckOf(rule) !== undefined || isCustomRule(rule) || Object.hasOwn(RULE_CEL, rule.meta.id))
    return undefined;
  return 'judged from one object, but has no CEL translation yet';
}

interface Unit {
  rule: Rule;
  resourceRules: unknown[];
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

/** A built-in pod rule with a CEL form (rule-cel.ts). */
function podUnit(rule: Rule, expression: string): Unit {
  return {
    rule,
    resourceRules: podResourceRules(),
    matchConditions: [{ name: 'has-pod-spec', expression: HAS_POD_SPEC }],
    variables: POD_VARIABLES,
    validations: [{ expression, message: message(rule), reason: 'Forbidden' }],
    annotations: { 'parapet.dev/rule': rule.meta.id },
  };
}

/** Custom rules' kinds as resource rules, or the reason they cannot be. */
function customUnit(rule: Rule): Unit | string {
  if (!isCustomRule(rule)) throw new Error(`${rule.meta.id} is not a custom rule`);
  const { spec } = rule.custom;
  const byGroup = new Map<
    string,
    { apiGroups: string[]; apiVersions: string[]; operations: string[]; resources: string[] }
  >();
  for (const kind of spec.match.kinds) {
    const info = POD_CONTROLLER_RESOURCES[kind] ?? OTHER_RESOURCES[kind];
    if (info === undefined) return `kind ${kind} has no API resource known to parapet`;
    const entry = byGroup.get(info.group) ?? {
      apiGroups: [info.group],
      apiVersions: [info.version],
      operations: ['CREATE', 'UPDATE'],
      resources: [],
    };
    entry.resources.push(info.resource);
    byGroup.set(info.group, entry);
  }
  if (spec.match.labelSelector !== undefined) return 'match.labelSelector is not exported yet';
  const matchConditions = spec.match.namespaces
    ? [
        {
          name: 'in-namespaces',
          expression: `request.namespace in [${spec.match.namespaces.map(quote).join(', ')}]`,
        },
      ]
    : [];
  return {
    rule,
    resourceRules: [...byGroup.values()],
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

/** Common kinds a custom rule may match besides the pod controllers. */
const OTHER_RESOURCES: Record<string, { group: string; version: string; resource: string }> = {
  Service: { group: '', version: 'v1', resource: 'services' },
  ConfigMap: { group: '', version: 'v1', resource: 'configmaps' },
  Secret: { group: '', version: 'v1', resource: 'secrets' },
  ServiceAccount: { group: '', version: 'v1', resource: 'serviceaccounts' },
  Namespace: { group: '', version: 'v1', resource: 'namespaces' },
  PersistentVolumeClaim: { group: '', version: 'v1', resource: 'persistentvolumeclaims' },
  Ingress: { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses' },
  NetworkPolicy: { group: 'networking.k8s.io', version: 'v1', resource: 'networkpolicies' },
  Role: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'roles' },
  RoleBinding: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'rolebindings' },
  ClusterRole: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles' },
  ClusterRoleBinding: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterrolebindings' },
  PodDisruptionBudget: { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets' },
  HorizontalPodAutoscaler: { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers' },
};

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A CEL test that a string matches any of the globs. */
function matchesAny(value: string, globs: readonly string[]): string {
  return globs
    .map((g) =>
      g.includes('*') || g.includes('?')
        ? `${value}.matches(${quote(globToRegExp(g).source)})`
        : `${value} == ${quote(g)}`,
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
      if (e.kind) parts.push(`object.kind == ${quote(e.kind)}`);
      if (e.namespace) parts.push(`(${matchesAny('request.namespace', [e.namespace])})`);
      if (e.name) parts.push(`(${matchesAny('object.metadata.name', [e.name])})`);
      for (const [key, value] of Object.entries(e.labels ?? {}))
        parts.push(
          `(has(object.metadata.labels) && ${quote(key)} in object.metadata.labels && object.metadata.labels[${quote(key)}] == ${quote(value)})`,
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
    const cel = RULE_CEL[rule.meta.id];
    if (cel !== undefined) {
      units.push(podUnit(rule, cel));
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
        matchConstraints: { resourceRules: unit.resourceRules },
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
