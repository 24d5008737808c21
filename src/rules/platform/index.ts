/** The platform chapter, as far as objects show it; vendor profiles run only when their marker objects exist. */
import { AZURE_ARC_RULES } from '../profiles/azure-arc/index.js';
import type { Rule } from '../types.js';
import { apiServiceSkipTls } from './apiservice-skip-tls.js';

export const PLATFORM_RULES: readonly Rule[] = [apiServiceSkipTls, ...AZURE_ARC_RULES];
