import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { VERSION } from '../../src/version.js';
import { parapet } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/paths.js';

test('the version parapet reports is the one package.json states', () => {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.equal(VERSION, pkg.version);
  assert.equal(parapet(['--version']).stdout.trim(), `parapet ${pkg.version}`);
});
