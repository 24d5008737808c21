import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The generated manifest files, in a stable order. */
export function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort()
    .map((name) => join(dir, name));
}
