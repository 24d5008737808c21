/** `parapet verify-images` as a table: one line per image, then a summary that never counts a note as a pass. */
import type { VerifyResult, VerifyStatus } from './verify.js';

const ORDER: VerifyStatus[] = ['mismatch', 'invalid', 'unsigned', 'not-found', 'unreachable', 'valid'];

export function renderVerifyTable(results: readonly VerifyResult[]): string {
  const sorted = [...results].sort(
    (a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status) || a.image.localeCompare(b.image),
  );
  const rows = sorted.map((r) => [r.image, r.status, r.digest ? `${r.digest.slice(0, 19)}…` : '-', r.detail]);
  const header = ['IMAGE', 'STATUS', 'DIGEST', 'DETAIL'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => (row[c] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c] ?? 0))).join('  ');
  const count = (status: VerifyStatus) => results.filter((r) => r.status === status).length;
  const summary = ORDER.filter((s) => count(s) > 0).map((s) => `${count(s)} ${s}`);
  const unjudged = count('unreachable') + count('not-found');
  const out = [
    line(header),
    ...rows.map(line),
    '',
    `${results.length} image(s): ${summary.join(', ') || 'none'}`,
  ];
  if (unjudged > 0) out.push(`${unjudged} image(s) could not be verified: not passed`);
  return `${out.join('\n')}\n`;
}
