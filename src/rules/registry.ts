/** Every rule parapet ships, in catalog order. Adding a rule: one module in its chapter folder, listed here. */
import { exposedService } from './network/exposed-service.js';
import { POD_SECURITY_RULES } from './pod-security/rules.js';
import type { Rule } from './types.js';
import { cpuLimit } from './workloads/cpu-limit.js';
import { memoryLimit } from './workloads/memory-limit.js';

export const RULES: readonly Rule[] = [...POD_SECURITY_RULES, memoryLimit, cpuLimit, exposedService];

export function findRule(id: string): Rule | undefined {
  return RULES.find((rule) => rule.meta.id === id);
}
