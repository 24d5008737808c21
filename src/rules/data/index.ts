/** The data chapter: secrets kept out of plain configuration and mounted only where needed. */
import type { Rule } from '../types.js';

export const DATA_RULES: readonly Rule[] = [];
