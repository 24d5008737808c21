/** Shell-style name globs (`*`, `?`) as used by policy exceptions. */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

export function globMatches(glob: string | undefined, value: string): boolean {
  if (glob === undefined) return true;
  if (!glob.includes('*') && !glob.includes('?')) return glob === value;
  return globToRegExp(glob).test(value);
}
