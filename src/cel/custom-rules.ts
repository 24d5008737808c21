/**
 * Custom rules: the policy file's `customRules:` entries, written in the CEL a ValidatingAdmissionPolicy runs,
 * made into ordinary object rules so that every front (scan, cluster, webhook) and every later step (exceptions,
 * baseline, frameworks, reporters) treats them as it treats the built-in ones.
 */
import type { Chapter } from '../findings/finding.js';
import type { Severity } from '../findings/severity.js';
import { namespaceOf } from '../inventory/inventory.js';
import type { Resource } from '../inventory/resource.js';
import { type LabelSelector, selectorMatches } from '../inventory/selectors.js';
import type { Reference } from '../references/frameworks.js';
import { type ObjectRule, RuleNote, type Violation } from '../rules/types.js';
import { parseFieldPath } from './field-path.js';
import { type CelPolicy, CelPolicyError, type CelValidation, CelPolicy as Policy } from './policy.js';

export interface CustomRuleSpec {
  id: string;
  title: string;
  severity: Severity;
  chapter?: Chapter;
  recommendation?: string;
  remediation: string;
  references?: Reference[];
  match: { kinds: string[]; namespaces?: string[]; labelSelector?: LabelSelector };
  variables?: { name: string; expression: string }[];
  validations: CelValidation[];
}

/** A custom rule keeps its CEL beside it, for `parapet export vap`. */
export interface CustomRule extends ObjectRule {
  custom: { spec: CustomRuleSpec; policy: CelPolicy };
}

export function isCustomRule(rule: unknown): rule is CustomRule {
  return typeof rule === 'object' && rule !== null && 'custom' in rule;
}

export class CustomRuleError extends Error {
  override name = 'CustomRuleError';
}

/** The rule, its CEL compiled; throws CustomRuleError naming the rule, the expression and the position. */
export function customRule(spec: CustomRuleSpec, where: string): CustomRule {
  let policy: CelPolicy;
  try {
    policy = new Policy({ variables: spec.variables ?? [], validations: spec.validations });
  } catch (error) {
    if (error instanceof CelPolicyError) throw new CustomRuleError(`${where} (${spec.id}): ${error.message}`);
    throw error;
  }
  const paths = spec.validations.map((v, i) => {
    if (v.fieldPath === undefined) return [];
    const path = parseFieldPath(v.fieldPath);
    if (path === undefined)
      throw new CustomRuleError(
        `${where} (${spec.id}): validations[${i}].fieldPath ${JSON.stringify(v.fieldPath)} is not a field path such as spec.containers[0].image`,
      );
    return path;
  });
  const namespaces = spec.match.namespaces === undefined ? undefined : new Set(spec.match.namespaces);
  return {
    custom: { spec, policy },
    meta: {
      id: spec.id,
      title: spec.title,
      chapter: spec.chapter ?? 'workloads',
      severity: spec.severity,
      recommendation: spec.recommendation ?? spec.title,
      remediation: spec.remediation,
      references: spec.references ?? [],
      appliesTo: spec.match.kinds,
    },
    target: 'object',
    *check(resource: Resource, context): Iterable<Violation> {
      const namespace = namespaceOf(resource);
      if (namespaces !== undefined && !namespaces.has(namespace)) return;
      if (
        spec.match.labelSelector !== undefined &&
        !selectorMatches(spec.match.labelSelector, resource.labels)
      )
        return;
      const namespaceObject = context.inventory.get('Namespace', '', namespace);
      const verdict = policy.judge(resource.object, {
        namespaceObject: namespaceObject?.object ?? null,
        request: {
          operation: 'CREATE',
          kind: {
            group: groupOf(resource.apiVersion),
            version: resource.apiVersion.split('/').at(-1),
            kind: resource.kind,
          },
          name: resource.name,
          namespace,
        },
      });
      if (verdict.kind === 'error') throw new RuleNote(`CEL ${verdict.where} failed: ${verdict.error}`);
      if (verdict.kind === 'skipped') return;
      for (const failure of verdict.failures) {
        yield {
          path: paths[failure.index] ?? [],
          message: failure.message,
          problem: `validation-${failure.index}`,
        };
      }
    },
  };
}

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? (apiVersion.split('/')[0] as string) : '';
}
