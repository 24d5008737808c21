/**
 * The example's remedied twin: examples/edge-cluster/fixed/ is the plant-7 site with every finding at medium or
 * above fixed or excepted (with a reason) in its parapet.yaml, while site/ keeps its deliberate mistakes.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parapet } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/paths.js';

type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

interface JsonFinding {
  ruleId: string;
  severity: Severity;
  resource: { kind: string; name: string; namespace: string; file: string; line: number };
  path: string;
  message: string;
  suppressed?: { reason: string; expires?: string };
}

interface JsonReport {
  summary: { findings: number; suppressed: number; bySeverity: Record<Severity, number> };
  findings: JsonFinding[];
  unusedExceptions: { rule: string; reason: string }[];
}

const FIXED = 'examples/edge-cluster/fixed';
const SITE = 'examples/edge-cluster/site';
const AT_LEAST_MEDIUM: ReadonlySet<Severity> = new Set(['critical', 'high', 'medium']);

function scan(
  dir: string,
  extra: string[] = [],
): { code: number | null; report: JsonReport; stderr: string } {
  const result = parapet(['scan', dir, '--format', 'json', ...extra]);
  let report: JsonReport;
  try {
    report = JSON.parse(result.stdout) as JsonReport;
  } catch {
    assert.fail(`scan ${dir} did not print JSON (exit ${result.code}): ${result.stderr}\n${result.stdout}`);
  }
  return { code: result.code, report, stderr: result.stderr };
}

function describeFinding(f: JsonFinding): string {
  const ns = f.resource.namespace ? `${f.resource.namespace}/` : '';
  return `  ${f.severity} ${f.ruleId} ${f.resource.kind} ${ns}${f.resource.name} (${f.resource.file}:${f.resource.line}) ${f.path}: ${f.message}`;
}

describe('examples/edge-cluster/fixed', () => {
  it('has a policy file with the accepted exceptions', () => {
    assert.ok(existsSync(path.join(REPO_ROOT, FIXED, 'parapet.yaml')), `${FIXED}/parapet.yaml is missing`);
  });

  it('passes --fail-on medium with no unsuppressed finding at medium or above', () => {
    const { code, report, stderr } = scan(FIXED, ['--fail-on', 'medium']);
    const offending = report.findings.filter((f) => !f.suppressed && AT_LEAST_MEDIUM.has(f.severity));
    assert.equal(
      offending.length,
      0,
      `${offending.length} unsuppressed finding(s) at medium or above in ${FIXED}:\n${offending.map(describeFinding).join('\n')}`,
    );
    assert.equal(code, 0, `scan exited ${code}: ${stderr}`);
  });

  it('uses every exception in its parapet.yaml', () => {
    const { report } = scan(FIXED, ['--fail-on', 'none']);
    assert.ok(report.summary.suppressed > 0, 'the exceptions suppress nothing: is parapet.yaml read?');
    assert.deepEqual(
      report.unusedExceptions,
      [],
      `exceptions that match no finding (remove or narrow them):\n${report.unusedExceptions
        .map((e) => `  ${e.rule}: ${e.reason}`)
        .join('\n')}`,
    );
  });

  it('gives every suppressed finding a reason', () => {
    const { report } = scan(FIXED, ['--fail-on', 'none']);
    for (const f of report.findings.filter((x) => x.suppressed)) {
      assert.ok((f.suppressed?.reason ?? '').trim().length > 0, `no reason for:\n${describeFinding(f)}`);
    }
  });
});

describe('examples/edge-cluster/site', () => {
  it('still reports its deliberate mistakes at critical and high', () => {
    const { code, report } = scan(SITE);
    const active = report.findings.filter((f) => !f.suppressed);
    const critical = active.filter((f) => f.severity === 'critical');
    const high = active.filter((f) => f.severity === 'high');
    assert.ok(critical.length > 0, 'site/ no longer reports any critical finding');
    assert.ok(high.length > 0, 'site/ no longer reports any high finding');
    assert.notEqual(code, 0, 'scanning site/ at the default --fail-on should fail');
  });
});
