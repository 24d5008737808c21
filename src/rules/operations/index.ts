/** The operations chapter: zero-downtime updates, environments, RBAC per object. */
import type { Rule } from '../types.js';

export const OPERATIONS_RULES: readonly Rule[] = [];
