import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { GENERATED_FILE, policyValidatorsSource } from '../../scripts/policy-validators.js';

test('the build-time policy validators match the policy schema and every rule parameter schema', () => {
  assert.ok(
    readFileSync(GENERATED_FILE, 'utf8') === policyValidatorsSource(),
    `${GENERATED_FILE} is stale: run npm run build && node dist/scripts/policy-validators.js`,
  );
});
