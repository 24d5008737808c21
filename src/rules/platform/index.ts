/**
 * The platform chapter: what objects show, what the node rules judge of a node's (or the API server's) facts, and
 * vendor profiles, which run only when their marker objects exist.
 */
import { AZURE_ARC_RULES } from '../profiles/azure-arc/index.js';
import type { Rule } from '../types.js';
import { apiServiceSkipTls } from './apiservice-skip-tls.js';
import { NODE_RULES } from './node/index.js';

export const PLATFORM_RULES: readonly Rule[] = [apiServiceSkipTls, ...NODE_RULES, ...AZURE_ARC_RULES];
