/** The workloads chapter: hardened runtime, resources, supply chain, identity and credentials, TLS. */
import type { Rule } from '../types.js';
import { cpuLimit } from './cpu-limit.js';
import { cpuRequest } from './cpu-request.js';
import { dangerousCapability } from './dangerous-capabilities.js';
import { defaultServiceAccount } from './default-service-account.js';
import { imageDigest } from './image-digest.js';
import { imagePullPolicy } from './image-pull-policy.js';
import { imagePullSecret } from './image-pull-secret.js';
import { imageRegistry } from './image-registry.js';
import { imageTag } from './image-tag.js';
import { imageVulnerabilities } from './image-vulnerabilities.js';
import { ingressTls } from './ingress-tls.js';
import { legacyTokenSecret } from './legacy-token-secret.js';
import { namespaceLimitRange } from './limit-range.js';
import { memoryLimit } from './memory-limit.js';
import { noAppArmorOrSeLinux } from './no-apparmor-selinux.js';
import { noSeccompProfile } from './no-seccomp-profile.js';
import { plainHttp } from './plain-http.js';
import { namespaceResourceQuota } from './resource-quota.js';
import { runsAsRoot } from './runs-as-root.js';
import { secretEnv } from './secret-env.js';
import { sensitiveHostPath } from './sensitive-host-path.js';
import { serviceAccountTokenAutomount } from './service-account-token.js';
import { shareProcessNamespace } from './share-process-namespace.js';
import { staticCredentials } from './static-credentials.js';
import { tlsCertificate } from './tls-certificate.js';
import { writableRootFilesystem } from './writable-root-filesystem.js';

export const WORKLOAD_RULES: readonly Rule[] = [
  runsAsRoot,
  writableRootFilesystem,
  noSeccompProfile,
  noAppArmorOrSeLinux,
  serviceAccountTokenAutomount,
  dangerousCapability,
  sensitiveHostPath,
  shareProcessNamespace,
  memoryLimit,
  cpuRequest,
  cpuLimit,
  namespaceResourceQuota,
  namespaceLimitRange,
  imageRegistry,
  imageTag,
  imageDigest,
  imagePullPolicy,
  imagePullSecret,
  imageVulnerabilities,
  defaultServiceAccount,
  legacyTokenSecret,
  staticCredentials,
  secretEnv,
  ingressTls,
  plainHttp,
  tlsCertificate,
];
