import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parapet } from '../helpers/cli.js';

test('parapet --help lists every command with its summary in one column', () => {
  const { stdout, code } = parapet(['--help']);
  assert.equal(code, 0);
  const section = stdout.split('Commands:\n')[1]?.split('\n\n')[0] ?? '';
  const rows = section.split('\n').map((line) => /^ {2}(\S+)( +)\S/.exec(line));
  assert.ok(rows.length >= 10, section);
  const columns = new Set(rows.map((row) => (row === null ? -1 : row[1].length + row[2].length)));
  assert.equal(columns.size, 1, section);
  assert.ok(
    rows.every((row) => row !== null && row[2].length >= 2),
    section,
  );
});
