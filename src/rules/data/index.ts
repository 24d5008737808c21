/** The data chapter: secrets kept out of plain configuration and mounted only where needed. */
import type { Rule } from '../types.js';
import { configMapCredentials } from './configmap-credentials.js';
import { secretMountSpread } from './secret-mount-spread.js';

export const DATA_RULES: readonly Rule[] = [secretMountSpread, configMapCredentials];
