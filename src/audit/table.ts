/** `--format table`: one line per alert, for people reading a terminal. */
import type { Alert } from './alert.js';

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export const TABLE_HEADER = `${'TIME'.padEnd(27)} ${'SEVERITY'.padEnd(8)} ${'RULE'.padEnd(10)} ${'TECHNIQUE'.padEnd(9)} ${'COUNT'.padStart(5)}  MESSAGE\n`;

export function tableLine(alert: Alert): string {
  return `${clip(alert.time, 27).padEnd(27)} ${alert.severity.padEnd(8)} ${alert.rule.padEnd(10)} ${(alert.technique ?? '-').padEnd(9)} ${String(alert.count).padStart(5)}  ${alert.title}: ${alert.message}${alert.cluster ? ` [${alert.cluster}]` : ''}\n`;
}
