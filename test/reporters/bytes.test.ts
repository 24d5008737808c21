import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByteChunks, jsonString } from '../../src/reporters/bytes.js';

test('jsonString quotes plain text and escapes what JSON must escape', () => {
  for (const text of [
    'web',
    'a "quoted" \\ path',
    'tab\there',
    'line\nbreak',
    'ünïcödé ✓',
    '\u2028',
    '\ud800 lone',
  ])
    assert.equal(jsonString(text), JSON.stringify(text), text);
});

test('ByteChunks keeps order across chunk boundaries, large pieces and non-ASCII text', () => {
  const out = new ByteChunks();
  const pieces: string[] = [];
  for (let i = 0; i < 80_000; i++) pieces.push(`piece ${i} — ü\n`);
  pieces.push('x'.repeat(3 << 20));
  const chunks: Uint8Array[] = [];
  for (const [i, piece] of pieces.entries()) {
    if (i % 2 === 0) out.text(piece);
    else out.bytes(Buffer.from(piece));
    chunks.push(...out.drain());
  }
  chunks.push(...out.finish());
  assert.ok(chunks.length > 2);
  assert.equal(Buffer.concat(chunks).toString('utf8'), pieces.join(''));
});
