/**
 * Pod Security Admission's own fixtures (../shared/conformance/pss-testdata.tar.gz): unpacking, and which check
 * must deny a fail fixture. Shared by the evaluator's conformance test and the CLI's.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PSS_CHECKS } from '../../src/rules/pss/checks/index.js';
import { checksFor, type PssLevel } from '../../src/rules/pss/evaluate.js';
import { SHARED_DIR } from './paths.js';

export const PSS_TARBALL = path.join(SHARED_DIR, 'conformance', 'pss-testdata.tar.gz');
export const PSS_LEVELS = ['baseline', 'restricted'] as const;
export const MISSING_DATA = `PSS conformance data not found at ${PSS_TARBALL}; it lives in ../shared/conformance`;

/** Unpacks the fixtures into a temporary directory; returns `test/testdata` inside it, or undefined when absent. */
export function unpackPssFixtures(): { testdata: string; cleanup: () => void } | undefined {
  if (!fs.existsSync(PSS_TARBALL)) return undefined;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parapet-pss-'));
  execFileSync('tar', ['-xzf', PSS_TARBALL, '-C', workDir]);
  return {
    testdata: path.join(workDir, 'test', 'testdata'),
    cleanup: () => fs.rmSync(workDir, { recursive: true, force: true }),
  };
}

/** Policy versions present for a level, oldest first. */
export function fixtureVersions(testdata: string, level: string): string[] {
  return fs.readdirSync(path.join(testdata, level)).sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));
}

/** Check ids by their lowercased form, the way fixture names spell them. */
const CHECK_IDS = new Map(PSS_CHECKS.map((check) => [check.id.toLowerCase(), check.id]));

/**
 * The checks that may deny a fail fixture: the one its name gives, or, where a restricted check replaces that
 * one at this level and version (PSA's OverrideCheckIDs), the replacement.
 */
export function expectedCheck(fixture: string, level: PssLevel, version: string): string[] {
  const named = CHECK_IDS.get(path.basename(fixture).replace(/\d*\.yaml$/, ''));
  if (named === undefined) return [];
  const inEffect = new Set(checksFor(level, version).map((c) => c.id));
  if (inEffect.has(named)) return [named];
  return PSS_CHECKS.filter((c) => inEffect.has(c.id) && c.overrides?.includes(named)).map((c) => c.id);
}
