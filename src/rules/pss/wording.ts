/** PSA's message helpers, so reasons and details read exactly as the admission controller's. */

export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** `"a", "b"`: PSA quotes names without escaping them. */
export function joinQuote(items: readonly string[]): string {
  return items.length === 0 ? '' : `"${items.join('", "')}"`;
}

/** `container "app"` or `containers "app", "sidecar"`. */
export function containersPhrase(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}

/** Distinct values in byte order, like the Go string sets PSA collects values in. */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** Go's %q for the plain strings found in annotations (JSON escaping matches it for printable text). */
export function goQuote(value: string): string {
  return JSON.stringify(value);
}
