/**
 * Reading decoded YAML/JSON without trusting its shape: a value of the wrong type reads as absent, the way the
 * API server's typed decoding would never have produced it. Every module that walks raw objects uses these.
 */

/** The value as a plain object (not an array), or undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The value as a list, or [] for null, absent or non-list values. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
