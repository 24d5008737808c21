// `parapet detect FILE...` as a user runs it: inputs (v1, v1beta1, no apiVersion, .gz, stdin), stages and
// auditID de-duplication, bad lines, the NDJSON contract, dedup and rate limit, exit codes and custom rules.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { parapet } from '../helpers/cli.js';
import { auditEvent, type Event, lines } from './events.js';

const dir = mkdtempSync(join(tmpdir(), 'parapet-detect-'));
let n = 0;
function file(text: string | Buffer, name = `audit-${++n}.log`): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const exec = (extra: Partial<Parameters<typeof auditEvent>[0]> = {}) =>
  auditEvent({
    verb: 'create',
    resource: 'pods',
    subresource: 'exec',
    namespace: 'shop',
    name: 'web-1',
    stage: 'ResponseStarted',
    code: 101,
    ...extra,
  });

const json = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('parapet detect FILE', () => {
  it('prints one NDJSON alert per line with the contract fields, exit 0', () => {
    const r = parapet(['detect', '--format', 'json', '--cluster-name', 'edge-17', file(lines([exec()]))]);
    assert.equal(r.code, 0, r.stderr);
    const [alert] = json(r.stdout);
    assert.deepEqual(Object.keys(alert ?? {}), [
      'rule',
      'title',
      'technique',
      'tactic',
      'severity',
      'auditID',
      'time',
      'user',
      'groups',
      'sourceIPs',
      'userAgent',
      'verb',
      'objectRef',
      'responseCode',
      'message',
      'cluster',
      'count',
    ]);
    assert.equal(alert?.rule, 'PP-AUD-001');
    assert.equal(alert?.technique, 'MS-TA9006');
    assert.equal(alert?.cluster, 'edge-17');
    assert.deepEqual(alert?.objectRef, {
      resource: 'pods',
      subresource: 'exec',
      namespace: 'shop',
      name: 'web-1',
      apiGroup: '',
    });
  });

  it('judges a request once across its stages, and a long-running one at ResponseStarted', () => {
    const started = exec({ auditID: 'a-1' });
    const complete = { ...started, stage: 'ResponseComplete' };
    const received = { ...started, stage: 'RequestReceived' };
    const list = auditEvent({ verb: 'list', resource: 'secrets', stage: 'ResponseStarted', auditID: 'b-1' });
    const listDone = { ...list, stage: 'ResponseComplete' };
    const r = parapet([
      'detect',
      '--format',
      'json',
      '--dedup-window',
      '0',
      file(lines([received, started, complete, started, list, listDone])),
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      json(r.stdout).map((a) => [a.rule, a.auditID]),
      [
        ['PP-AUD-001', 'a-1'],
        ['PP-AUD-010', 'b-1'],
      ],
    );
  });

  it('reads v1beta1 events, events without apiVersion, .gz files and stdin', () => {
    const beta: Event = { ...exec(), apiVersion: 'audit.k8s.io/v1beta1', timestamp: '2026-12-02T09:00:00Z' };
    delete beta.stageTimestamp;
    const bare: Event = { ...exec() };
    delete bare.apiVersion;
    delete bare.kind;
    const gz = file(gzipSync(lines([exec()])), 'audit-2026-12-01.log.gz');
    const r = parapet(
      ['detect', '--format', 'json', '--dedup-window', '0', file(lines([beta, bare])), gz, '-'],
      {
        input: lines([exec()]),
      },
    );
    assert.equal(r.code, 0, r.stderr);
    const alerts = json(r.stdout);
    assert.equal(alerts.length, 4);
    assert.equal(alerts[0]?.time, '2026-12-02T09:00:00Z');
  });

  it('reports bad lines as FILE:LINE: reason and goes on', () => {
    const text = `not json\n${JSON.stringify({ kind: 'Pod', apiVersion: 'v1' })}\n${JSON.stringify(exec())}\n{"kind":"Event","audit`;
    const path = file(text);
    const r = parapet(['detect', '--format', 'json', path]);
    assert.equal(r.code, 0);
    assert.match(r.stderr, new RegExp(`${path}:1: not JSON`));
    assert.match(r.stderr, new RegExp(`${path}:2: apiVersion "v1" is not audit.k8s.io/v1`));
    assert.match(r.stderr, new RegExp(`${path}:4: not JSON \\(a truncated line\\?\\)`));
    assert.equal(json(r.stdout).length, 1);
  });

  it('exits 2 on an unreadable input, after judging the others', () => {
    const r = parapet(['detect', '--format', 'json', join(dir, 'missing.log'), file(lines([exec()]))]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /missing\.log: cannot read \(ENOENT\)/);
    assert.equal(json(r.stdout).length, 1);
  });

  it('exits 1 with --fail-on when an alert at or above it was raised', () => {
    const log = file(lines([exec()]));
    assert.equal(parapet(['detect', '--fail-on', 'high', log]).code, 1);
    assert.equal(parapet(['detect', '--fail-on', 'critical', log]).code, 0);
  });

  it('folds repeats within the dedup window into one alert with a count, and rate-limits per rule', () => {
    const repeats = Array.from({ length: 5 }, () => exec());
    const folded = json(parapet(['detect', '--format', 'json', file(lines(repeats))]).stdout);
    assert.deepEqual(
      folded.map((a) => a.count),
      [5],
    );
    const many = Array.from({ length: 5 }, (_, i) => exec({ name: `web-${i}` }));
    const r = parapet(['detect', '--format', 'json', '--rate-limit', '2', file(lines(many))]);
    assert.equal(json(r.stdout).length, 2);
    assert.match(r.stderr, /rule PP-AUD-001: 3 alert\(s\) over --rate-limit 2\/min were not raised/);
  });

  it('prints a table for people', () => {
    const r = parapet(['detect', file(lines([exec()]))]);
    assert.match(r.stdout, /^TIME +SEVERITY RULE/);
    assert.match(
      r.stdout,
      /high +PP-AUD-001 MS-TA9006 +1 +Exec, attach or port-forward into a pod: alice@example.com/,
    );
  });
});

describe('parapet detect --rules FILE', () => {
  it('adds a rule, extends an exclusion and disables a built-in one', () => {
    const rules = file(
      `exclusions:
  system-components:
    - user: alice@example.com
rules:
  - id: no-configmap-deletes
    title: ConfigMap deleted
    technique: MS-TA9040
    tactic: Impact
    severity: low
    match: {resource: configmaps, verb: delete}
    message: "{user} deleted configmap {namespace}/{name}"
disable: [PP-AUD-010]
`,
      'rules.yaml',
    );
    const log = file(
      lines([
        exec(),
        auditEvent({ verb: 'delete', resource: 'configmaps', namespace: 'shop', name: 'cfg' }),
        auditEvent({ verb: 'list', resource: 'secrets', user: 'bob' }),
      ]),
    );
    const r = parapet(['detect', '--format', 'json', '--rules', rules, log]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      json(r.stdout).map((a) => [a.rule, a.message]),
      [['no-configmap-deletes', 'alice@example.com deleted configmap shop/cfg']],
    );
  });

  for (const [what, text, message] of [
    [
      'a bad severity',
      'rules:\n  - {id: r1, title: t, tactic: x, severity: huge, message: m, match: {verb: get}}\n',
      /rule "r1": field "severity" must be one of/,
    ],
    [
      'an unknown match field',
      'rules:\n  - {id: r2, title: t, tactic: x, severity: low, message: m, match: {verbs: get}}\n',
      /rule "r2": field "match.verbs" is not a match field/,
    ],
    [
      'an unknown placeholder',
      'rules:\n  - {id: r3, title: t, tactic: x, severity: low, message: "{who}", match: {verb: get}}\n',
      /rule "r3": field "message" has unknown placeholder \{who\}/,
    ],
    [
      'an unknown exclusion',
      'rules:\n  - {id: r4, title: t, tactic: x, severity: low, message: m, match: {verb: get}, except: [nobody]}\n',
      /rule "r4": field "except" names "nobody"/,
    ],
    [
      'a bad response code',
      'rules:\n  - {id: r5, title: t, tactic: x, severity: low, message: m, match: {responseCode: "4xxx"}}\n',
      /rule "r5": field "match.responseCode" has "4xxx"/,
    ],
    [
      'an unknown catalog rule',
      'rules:\n  - {id: r6, title: t, tactic: x, severity: low, message: m, match: {verb: get}, judge: [PP-NOPE]}\n',
      /rule "r6": field "judge" names "PP-NOPE"/,
    ],
  ] as const) {
    it(`rejects ${what}, naming the rule and the field (exit 2)`, () => {
      const r = parapet(['detect', '--rules', file(text, `bad-${++n}.yaml`), file(lines([exec()]))]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    });
  }
});
