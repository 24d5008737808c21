/** `--since 30d`: the window's start, from a duration back from now or a date; undefined when neither. */
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export const SINCE_HELP = 'a duration such as 30d, 12h, 2w or 90m, or a date such as 2026-11-01';

export function parseSince(value: string, now = Date.now()): number | undefined {
  const m = /^(\d+)([mhdw])$/.exec(value.trim());
  if (m) return now - Number(m[1]) * (UNIT_MS[m[2] as string] as number);
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    const t = Date.parse(value);
    if (!Number.isNaN(t)) return t;
  }
  return undefined;
}
