/** The platform chapter, as far as objects show it; vendor profiles run only when their marker objects exist. */
import { AZURE_ARC_RULES } from '../profiles/azure-arc/index.js';
import type { Rule } from '../types.js';

export const PLATFORM_RULES: readonly Rule[] = [...AZURE_ARC_RULES];
