// Bad input never crashes the engine: the bundled example manifests, damaged in seeded random ways (lines lost,
// repeated, re-indented, cut, or given YAML's special characters), go through parsing, the inventory, every rule
// and every reporter. Each must come out as findings and notes, never as an exception.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { evaluate } from '../../src/engine/evaluate.js';
import { toFinding } from '../../src/engine/findings.js';
import { activeRules, DEFAULT_POLICY } from '../../src/engine/policy.js';
import type { ScanReport } from '../../src/findings/finding.js';
import { loadManifestText } from '../../src/inputs/manifests.js';
import { Inventory } from '../../src/inventory/inventory.js';
import { renderJson } from '../../src/reporters/json.js';
import { renderJunit } from '../../src/reporters/junit.js';
import { renderSarif } from '../../src/reporters/sarif.js';
import { renderTable } from '../../src/reporters/table.js';
import { DEFAULT_PSS, pssResolver } from '../../src/rules/pod-security/settings.js';
import { RULES } from '../../src/rules/registry.js';
import { EXAMPLE_DIR } from '../helpers/paths.js';

const MUTATIONS = 1000;
const INSERTS = [
  '&a ',
  '*a',
  '!!str ',
  '{',
  '}',
  '[',
  ']',
  "'",
  '"',
  '? ',
  ': ',
  '- ',
  '|',
  '>',
  '#',
  '---\n',
];
const INSERTS_TOO = ['<<: *a\n', '\t', '\\', '~', '.inf', '1e400', 'yes', '\u2028', '\ud800', '\r', 'null'];

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return yamlFilesUnder(full);
    return name.endsWith('.yaml') && name !== 'parapet.yaml' ? [full] : [];
  });
}

/** A small seeded PRNG (an LCG): the same damage on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

function damage(text: string, next: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const lines = text.split('\n');
  for (let n = 1 + Math.floor(next() * 6); n > 0; n--) {
    const at = Math.floor(next() * lines.length);
    const line = lines[at] ?? '';
    const cut = Math.floor(next() * (line.length + 1));
    switch (Math.floor(next() * 6)) {
      case 0:
        lines.splice(at, 1);
        break;
      case 1:
        lines.splice(at, 0, pick(lines));
        break;
      case 2:
        lines[at] = ' '.repeat(1 + Math.floor(next() * 3)) + line;
        break;
      case 3:
        lines[at] = line.trimStart();
        break;
      case 4:
        lines[at] = line.slice(0, cut) + pick([...INSERTS, ...INSERTS_TOO]) + line.slice(cut);
        break;
      default:
        lines[at] = line.slice(0, cut) + line.slice(cut + 1 + Math.floor(next() * 5));
    }
  }
  return lines.join('\n');
}

test(`${MUTATIONS} damaged copies of the example come out as findings and notes, never as an exception`, () => {
  const sources = yamlFilesUnder(EXAMPLE_DIR).map((file) => readFileSync(file, 'utf8'));
  const rules = activeRules(RULES, DEFAULT_POLICY);
  const next = random(20261124);
  let errorNotes = 0;
  for (let i = 0; i < MUTATIONS; i++) {
    const text = damage(sources[Math.floor(next() * sources.length)] as string, next);
    try {
      const loaded = loadManifestText('damaged.yaml', text);
      errorNotes += loaded.notes.filter((note) => note.level === 'error').length;
      const inventory = new Inventory(loaded.resources);
      const violations = evaluate(inventory, rules, { pss: pssResolver(inventory, DEFAULT_PSS) });
      const report: ScanReport = {
        tool: { name: 'parapet', version: 'test' },
        findings: violations.map(toFinding),
        notes: loaded.notes,
        rules: [],
        resources: [],
        unusedExceptions: [],
      };
      renderTable(report, { color: false });
      JSON.parse(renderJson(report, { color: false }));
      JSON.parse(renderSarif(report, { color: false }));
      renderJunit(report, { color: false });
    } catch (error) {
      assert.fail(`damaged copy ${i} threw ${(error as Error).stack}\n--- input ---\n${text}`);
    }
  }
  assert.ok(
    errorNotes > MUTATIONS / 10,
    `the damage should break some documents (${errorNotes} error notes)`,
  );
});
