/**
 * Tests whose data or tool may be absent from a user's clone. Where it is missing they skip with a message
 * saying what and where; in CI (CI=true, where .ci/run provides everything) missing conformance data fails the
 * test instead, so a broken copy of ../shared/conformance cannot turn the conformance suite into skips.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { TestContext } from 'node:test';

/** Conformance data is missing: skip, or fail in CI. */
export function missingData(t: TestContext, message: string): void {
  if (process.env.CI === 'true') assert.fail(`${message} (CI=true: conformance data must be present)`);
  t.skip(message);
}

/** Whether `command` runs from PATH (`kubectl version --client`, say). */
export function onPath(command: string, args: readonly string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 30_000 });
  return result.error === undefined && result.status === 0;
}
