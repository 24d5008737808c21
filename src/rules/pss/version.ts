/**
 * Pod Security Standards policy versions: `v1.N` or `latest`, as in the `pod-security.kubernetes.io/*-version`
 * namespace labels. The major is always 1, so a version is carried as its minor number.
 */

/** The keyword for "the newest policy this evaluator knows". */
export const LATEST_VERSION = 'latest';

/**
 * The newest policy version that has its own check revisions (sysctls at v1.37). `latest`, and any later `v1.N`,
 * evaluate exactly like it: PSA clamps every version above its newest revision down to that revision.
 */
export const NEWEST_POLICY_VERSION = 'v1.37';

/** A parsed policy version: the minor number, with `latest` as +Infinity (newer than every release). */
export type PolicyMinor = number;

const VERSION_PATTERN = /^v1\.(0|[1-9][0-9]*)$/;

/** Parses `v1.N` or `latest`; anything else throws an error that says what is accepted. */
export function parsePolicyVersion(text: string): PolicyMinor {
  if (text === LATEST_VERSION) return Number.POSITIVE_INFINITY;
  const match = typeof text === 'string' ? VERSION_PATTERN.exec(text) : null;
  if (match === null) {
    throw new Error(
      `invalid Pod Security Standards version ${JSON.stringify(text)}: expected "latest" or "v1.N" (e.g. "v1.30")`,
    );
  }
  return Number(match[1]);
}

export function isValidPolicyVersion(text: string): boolean {
  return text === LATEST_VERSION || (typeof text === 'string' && VERSION_PATTERN.test(text));
}

export function formatPolicyVersion(minor: PolicyMinor): string {
  return minor === Number.POSITIVE_INFINITY ? LATEST_VERSION : `v1.${minor}`;
}
