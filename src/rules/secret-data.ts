/**
 * What a Secret holds, as the API server stores it: `data` (base64) with `stringData` merged over it, key by key
 * (a key in both is `stringData`'s). Every rule that reads a Secret's contents reads them here.
 */
import type { FieldPath } from '../inventory/field-path.js';
import type { Resource } from '../inventory/resource.js';
import { asRecord } from './helpers.js';

export interface SecretEntry {
  key: string;
  /** The value: `stringData`'s as written, `data`'s base64-decoded with the caller's encoding. */
  value: string;
  /** Where the value that wins is written: `['stringData', key]` or `['data', key]`. */
  path: FieldPath;
}

/** The Secret's entries in `data` order, a `stringData` value replacing its key's, then keys only in `stringData`. */
export function secretEntries(secret: Resource, encoding: BufferEncoding = 'utf8'): SecretEntry[] {
  const entries = new Map<string, SecretEntry>();
  for (const [key, raw] of Object.entries(asRecord(secret.object.data) ?? {})) {
    if (typeof raw !== 'string') continue;
    entries.set(key, { key, value: Buffer.from(raw, 'base64').toString(encoding), path: ['data', key] });
  }
  for (const [key, value] of Object.entries(asRecord(secret.object.stringData) ?? {})) {
    if (typeof value !== 'string') continue;
    entries.set(key, { key, value, path: ['stringData', key] });
  }
  return [...entries.values()];
}

/** The entry for one key, as the API server would store it; undefined when neither field holds it. */
export function secretEntry(
  secret: Resource,
  key: string,
  encoding?: BufferEncoding,
): SecretEntry | undefined {
  return secretEntries(secret, encoding).find((entry) => entry.key === key);
}
