/** The workloads chapter: hardened runtime, resources, supply chain, identity and credentials, TLS. */
import type { Rule } from '../types.js';
import { cpuLimit } from './cpu-limit.js';
import { memoryLimit } from './memory-limit.js';

export const WORKLOAD_RULES: readonly Rule[] = [memoryLimit, cpuLimit];
