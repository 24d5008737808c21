/** The network chapter: network policies, exposure, service mesh authorization. */
import type { Rule } from '../types.js';
import { exposedService } from './exposed-service.js';

export const NETWORK_RULES: readonly Rule[] = [exposedService];
