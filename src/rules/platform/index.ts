/** The platform chapter, as far as objects show it; vendor profiles run only when their marker objects exist. */
import type { Rule } from '../types.js';

export const PLATFORM_RULES: readonly Rule[] = [];
