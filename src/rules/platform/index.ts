/**
 * The platform chapter: what objects show, what the node rules judge of a node's (or the API server's) facts, and
 * vendor profiles, which run only when their marker objects exist.
 */
import { AZURE_ARC_RULES } from '../profiles/azure-arc/index.js';
import type { Rule } from '../types.js';
import { apiServerCertificates } from './apiserver-certificates.js';
import { apiServiceSkipTls } from './apiservice-skip-tls.js';
import { kubernetesVersion } from './kubernetes-version.js';
import { NODE_RULES } from './node/index.js';
import { kubeletVersion, nodeOperatingSystem } from './node-versions.js';

export const PLATFORM_RULES: readonly Rule[] = [
  apiServiceSkipTls,
  kubernetesVersion,
  kubeletVersion,
  nodeOperatingSystem,
  apiServerCertificates,
  ...NODE_RULES,
  ...AZURE_ARC_RULES,
];
