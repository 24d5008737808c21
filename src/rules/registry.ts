/**
 * Every rule parapet ships, in catalog order. Adding a rule: one module in its chapter folder, listed in that
 * chapter's index.ts, plus its test table.
 */
import { DATA_RULES } from './data/index.js';
import { NETWORK_RULES } from './network/index.js';
import { OPERATIONS_RULES } from './operations/index.js';
import { PLATFORM_RULES } from './platform/index.js';
import { POD_SECURITY_RULES } from './pod-security/rules.js';
import type { Rule } from './types.js';
import { WORKLOAD_RULES } from './workloads/index.js';

export const RULES: readonly Rule[] = [
  ...POD_SECURITY_RULES,
  ...WORKLOAD_RULES,
  ...NETWORK_RULES,
  ...OPERATIONS_RULES,
  ...DATA_RULES,
  ...PLATFORM_RULES,
];

export function findRule(id: string): Rule | undefined {
  return RULES.find((rule) => rule.meta.id === id);
}
