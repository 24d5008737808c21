/** Turns rule violations into findings: severity, exact location, references, stable fingerprint. */
import { type Finding, fingerprintOf, type ResourceRef } from '../findings/finding.js';
import { formatPath } from '../inventory/field-path.js';
import type { Resource } from '../inventory/resource.js';
import type { Violation } from '../rules/types.js';
import type { ActiveRule, RuleViolation } from './evaluate.js';

/** The resource as reporters name it; `path` (when given) sets the line and column to that field's. */
export function resourceRef(resource: Resource, path?: readonly (string | number)[]): ResourceRef {
  const ref: ResourceRef = {
    apiVersion: resource.apiVersion,
    kind: resource.kind,
    name: resource.name,
    namespace: resource.namespace,
  };
  const { origin } = resource;
  if (origin.file !== undefined) ref.file = origin.file;
  const position = path && origin.locate?.(path);
  if (position) {
    ref.line = position.line;
    ref.column = position.column;
  }
  if (origin.helmSource !== undefined) ref.helmSource = origin.helmSource;
  if (origin.uid !== undefined) ref.uid = origin.uid;
  return ref;
}

export function toFinding({ active, resource, violation }: RuleViolation): Finding {
  return findingOf(active, resource, violation);
}

export function findingOf(active: ActiveRule, resource: Resource, violation: Violation): Finding {
  const { meta } = active.rule;
  const path = formatPath(violation.path);
  const ref = resourceRef(resource, violation.path);
  return {
    ruleId: meta.id,
    title: meta.title,
    severity: active.severityOverridden ? active.severity : (violation.severity ?? active.severity),
    chapter: meta.chapter,
    resource: ref,
    path: flat(path),
    message: flat(violation.message),
    remediation: meta.remediation,
    references: violation.references ?? meta.references,
    fingerprint: fingerprintOf(meta.id, ref, path, violation.problem),
  };
}

/**
 * The same string, stored flat. Messages are built by concatenation, which V8 keeps as a tree of pieces; a large
 * scan would otherwise carry a hundred thousand such trees into the old generation and flatten them all again when
 * writing the report. Converting a string to a number flattens it in place (the trick of the `flatstr` package).
 */
function flat(text: string): string {
  Number(text);
  return text;
}
