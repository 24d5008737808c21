/**
 * --baseline: report only findings that are new compared with an earlier JSON report, matched by rule,
 * resource and path (the fingerprint), so a team can adopt parapet before fixing everything.
 */
import { readFile } from 'node:fs/promises';
import { type Finding, fingerprintOf } from '../findings/finding.js';

export class BaselineError extends Error {
  override name = 'BaselineError';
}

export async function readBaseline(file: string): Promise<Set<string>> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new BaselineError(`cannot read baseline ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  const findings = (data as { findings?: unknown })?.findings;
  if (!Array.isArray(findings)) {
    throw new BaselineError(
      `baseline ${file} is not a parapet JSON report (no "findings" array); write one with --format json`,
    );
  }
  const known = new Set<string>();
  for (const f of findings as Partial<Finding>[]) {
    if (typeof f.fingerprint === 'string') known.add(f.fingerprint);
    else if (f.ruleId && f.resource && typeof f.path === 'string')
      known.add(fingerprintOf(f.ruleId, f.resource, f.path));
  }
  return known;
}

/** The findings whose fingerprint the baseline does not hold. */
export function newSince(
  findings: Finding[],
  baseline: ReadonlySet<string>,
): { fresh: Finding[]; known: number } {
  const fresh = findings.filter((f) => !baseline.has(f.fingerprint));
  return { fresh, known: findings.length - fresh.length };
}
