/** Flag parsing shared by the commands: kubectl-style `--flag value` / `--flag=value`, clear usage errors. */
import { type ParseArgsConfig, parseArgs } from 'node:util';

/** A mistake on the command line: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export function parseFlags<const T extends OptionSpec>(argv: string[], options: T, command: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true as const, strict: true as const });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(`${message}\nRun \`parapet ${command} --help\` for usage.`);
  }
}

export function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
}

/** `16Mi`, `500Ki`, `1G`, `1048576` → bytes. */
export function parseSize(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const m = /^(\d+(?:\.\d+)?)\s*(|k|ki|kb|m|mi|mb|g|gi|gb)$/i.exec(value.trim());
  if (!m) throw new UsageError(`--${flag} takes a size such as 16Mi, 512Ki or 1048576 (got "${value}")`);
  const unit = (m[2] as string).toLowerCase();
  const factor = unit.startsWith('k')
    ? 1024
    : unit.startsWith('m')
      ? 1024 ** 2
      : unit.startsWith('g')
        ? 1024 ** 3
        : 1;
  return Math.floor(Number(m[1]) * factor);
}

/** Colour only for people: a TTY, no NO_COLOR, no --no-color, and not writing to a file. */
export function useColor(noColorFlag: boolean | undefined, toFile: boolean): boolean {
  if (noColorFlag || toFile || process.env.NO_COLOR !== undefined) return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
}

/** `30`, `30s`, `1.5m` → seconds (undefined when the flag is absent). */
export function parseSeconds(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(s|m)?$/.exec(value.trim());
  const seconds = m ? Number(m[1]) * (m[2] === 'm' ? 60 : 1) : Number.NaN;
  if (!(seconds > 0)) throw new UsageError(`--${flag} takes seconds such as 30, 30s or 1m (got "${value}")`);
  return seconds;
}
