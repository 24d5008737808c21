import { CLUSTER_API_VERSION, SERVER_VERSION_KIND } from '../../inventory/platform-facts.js';
import { NSA } from '../../references/controls.js';
import { nowOf } from '../certificate-checks.js';
import type { ObjectRule, Violation } from '../types.js';
import {
  currencyOf,
  describeCurrency,
  nowParam,
  parseVersion,
  REFRESH_COMMAND,
  RELEASE_DATA,
} from './releases.js';

function versionFact(gitVersion: string): string {
  return `# /version of the API server, as parapet scan --cluster reads it
# policy: rules: {PP-PLAT-020: {params: {now: "2025-06-18"}}}
apiVersion: ${CLUSTER_API_VERSION}
kind: ${SERVER_VERSION_KIND}
metadata: {name: kubernetes}
gitVersion: ${gitVersion}
`;
}

/** The severity of each verdict: no more patches is high, patches not applied medium, unknown info. */
export const CURRENCY_SEVERITY = { unsupported: 'high', behind: 'medium', unknown: 'info' } as const;

export const kubernetesVersion: ObjectRule<{ now?: string }> = {
  meta: {
    id: 'PP-PLAT-020',
    title: 'Kubernetes version out of support or behind on patches',
    chapter: 'platform',
    severity: 'high',
    recommendation: 'Run a Kubernetes minor release the project still supports, on its latest patch release.',
    rationale:
      `A minor release gets patches for about 14 months; after that, vulnerabilities found in kube-apiserver, the kubelet or their Go runtime stay open. A supported minor behind its latest patch (medium) misses fixes already published. Judged against data/kubernetes-releases.json (data of ${RELEASE_DATA.asOf}; \`${REFRESH_COMMAND}\` refreshes it): every finding names that date. ` +
      'Managed services (EKS, AKS, GKE) keep their own calendars and may support a minor longer; a version newer than the data is reported at info, not passed.',
    remediation:
      'Upgrade one minor at a time (control plane first, then the nodes), following the version skew policy; apply patch releases as they come (kubeadm upgrade, k3s/RKE2 system-upgrade-controller, the managed service’s upgrade).',
    references: [NSA.upgrades],
    params: nowParam(),
    appliesTo: [SERVER_VERSION_KIND],
    facts: ['cluster'],
    examples: { fail: versionFact('v1.29.4'), pass: versionFact('v1.33.2') },
  },
  target: 'object',
  *check(resource, { params }) {
    const gitVersion = String(resource.object.gitVersion ?? '');
    const version = parseVersion(gitVersion);
    if (version === undefined) {
      yield {
        path: ['gitVersion'],
        severity: 'info',
        problem: 'unknown',
        message: `the API server's version \`${gitVersion}\` is not a Kubernetes version: its support was not judged`,
      };
      return;
    }
    const currency = currencyOf(version, nowOf(params.now));
    if (currency.status === 'current') return;
    yield {
      path: ['gitVersion'],
      severity: CURRENCY_SEVERITY[currency.status],
      problem: currency.status,
      message: `the API server runs Kubernetes ${version.text}, ${describeCurrency(currency)} (release data of ${RELEASE_DATA.asOf})`,
    } satisfies Violation;
  },
};
