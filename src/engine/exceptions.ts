/**
 * Exceptions: a finding they cover is reported as suppressed with its reason, never dropped. An expired
 * exception stops suppressing and says so; one that matched nothing is reported as unused.
 */
import type { Finding, Note } from '../findings/finding.js';
import type { Resource } from '../inventory/resource.js';
import { globMatches } from './glob.js';
import type { PolicyException } from './policy.js';

export interface ExceptionOutcome {
  notes: Note[];
  unused: { rule: string; reason: string }[];
}

function matches(exception: PolicyException, finding: Finding, resource: Resource | undefined): boolean {
  if (!globMatches(exception.rule, finding.ruleId)) return false;
  if (exception.kind !== undefined && exception.kind !== finding.resource.kind) return false;
  if (!globMatches(exception.namespace, finding.resource.namespace)) return false;
  if (!globMatches(exception.name, finding.resource.name)) return false;
  if (exception.labels !== undefined) {
    const labels = resource?.labels ?? {};
    for (const [key, value] of Object.entries(exception.labels)) if (labels[key] !== value) return false;
  }
  return true;
}

/** Marks covered findings as suppressed (in place). `today` is YYYY-MM-DD. */
export function applyExceptions(
  findings: Finding[],
  resources: ReadonlyMap<Finding, Resource>,
  exceptions: readonly PolicyException[],
  today: string,
): ExceptionOutcome {
  const notes: Note[] = [];
  const unused: ExceptionOutcome['unused'] = [];
  for (const exception of exceptions) {
    const expired = exception.expires !== undefined && exception.expires < today;
    let used = 0;
    for (const finding of findings) {
      if (finding.suppressed || !matches(exception, finding, resources.get(finding))) continue;
      used++;
      if (!expired)
        finding.suppressed = {
          reason: exception.reason,
          ...(exception.expires ? { expires: exception.expires } : {}),
        };
    }
    if (expired && used > 0) {
      notes.push({
        level: 'warning',
        message: `exception for ${exception.rule} ("${exception.reason}") expired on ${exception.expires}; the ${used} finding(s) it covered are reported again`,
      });
    } else if (used === 0) {
      unused.push({ rule: exception.rule, reason: exception.reason });
    }
  }
  return { notes, unused };
}
