/** What a Node's status says it runs: its kubelet (support, skew against the API server) and operating system. */

import { CLUSTER_API_VERSION, SERVER_VERSION_KIND } from '../../inventory/platform-facts.js';
import type { Resource } from '../../inventory/resource.js';
import { HOST_ACCESS, NSA } from '../../references/controls.js';
import { nowOf } from '../certificate-checks.js';
import { asRecord } from '../helpers.js';
import type { ObjectRule, Violation } from '../types.js';
import { CURRENCY_SEVERITY } from './kubernetes-version.js';
import {
  currencyOf,
  describeCurrency,
  nowParam,
  osReleaseOf,
  parseVersion,
  REFRESH_COMMAND,
  RELEASE_DATA,
} from './releases.js';

/** Minors a kubelet may trail kube-apiserver by (the version skew policy since 1.28; 2 before). */
function allowedLag(apiserverMinor: number): number {
  return apiserverMinor >= 28 ? 3 : 2;
}

function node(name: string, kubelet: string, osImage: string, kernel = '6.1.0-28-amd64'): string {
  return `apiVersion: v1
kind: Node
metadata: {name: ${name}}
status:
  nodeInfo:
    kubeletVersion: ${kubelet}
    osImage: ${osImage}
    kernelVersion: ${kernel}
    containerRuntimeVersion: containerd://1.7.24
`;
}

const SERVER = `---
apiVersion: ${CLUSTER_API_VERSION}
kind: ${SERVER_VERSION_KIND}
metadata: {name: kubernetes}
gitVersion: v1.33.2
`;
const POLICY = (id: string) => `# policy: rules: {${id}: {params: {now: "2025-06-18"}}}\n`;

function nodeInfo(resource: Resource): Record<string, unknown> {
  return asRecord(asRecord(resource.object.status)?.nodeInfo) ?? {};
}

export const kubeletVersion: ObjectRule<{ now?: string }> = {
  meta: {
    id: 'PP-PLAT-021',
    title: 'Kubelet version out of support, behind on patches, or skewed from the API server',
    chapter: 'platform',
    severity: 'high',
    recommendation:
      'Run every kubelet on a supported, patched release no newer than kube-apiserver and at most three minors older.',
    rationale: `Nodes are upgraded apart from the control plane and are easily forgotten, edge nodes most of all. A kubelet out of support (high) or behind its latest patch (medium) keeps its vulnerabilities; one newer than kube-apiserver, or further behind than the version skew policy allows (high), runs a combination nobody tested. Judged against data/kubernetes-releases.json (data of ${RELEASE_DATA.asOf}; \`${REFRESH_COMMAND}\` refreshes it).`,
    silentWhen:
      "the API server's version is not part of the input (a snapshot or live cluster has it): the skew is then not judged, the kubelet's own support still is",
    remediation:
      'Drain and upgrade the node (kubeadm upgrade node and the kubelet package; k3s/RKE2: the system-upgrade-controller plan; managed node groups: their upgrade), after the control plane.',
    references: [NSA.upgrades, HOST_ACCESS.hostHardening],
    params: nowParam(),
    appliesTo: ['Node'],
    examples: {
      fail: `${POLICY('PP-PLAT-021')}${node('edge-1', 'v1.29.4', 'Debian GNU/Linux 12 (bookworm)')}${SERVER}`,
      pass: `${POLICY('PP-PLAT-021')}${node('edge-1', 'v1.33.2', 'Debian GNU/Linux 12 (bookworm)')}${SERVER}`,
    },
  },
  target: 'object',
  *check(resource, { params, inventory }) {
    const text = nodeInfo(resource).kubeletVersion;
    const version = typeof text === 'string' ? parseVersion(text) : undefined;
    if (version === undefined) return; // a Node without status (a manifest) has no kubelet to judge
    const path = ['status', 'nodeInfo', 'kubeletVersion'];
    const currency = currencyOf(version, nowOf(params.now));
    if (currency.status !== 'current')
      yield {
        path,
        severity: CURRENCY_SEVERITY[currency.status],
        problem: currency.status,
        message: `Node \`${resource.name}\` runs kubelet ${version.text}, ${describeCurrency(currency)} (release data of ${RELEASE_DATA.asOf})`,
      } satisfies Violation;
    const server = inventory.byKind(SERVER_VERSION_KIND)[0];
    const apiserver = server && parseVersion(String(server.object.gitVersion ?? ''));
    if (!apiserver || apiserver.major !== version.major) return;
    const lag = apiserver.minor - version.minor;
    if (lag < 0)
      yield {
        path,
        problem: 'skew',
        message: `Node \`${resource.name}\` runs kubelet ${version.text}, newer than kube-apiserver ${apiserver.text}; the version skew policy allows no kubelet newer than the API server`,
      };
    else if (lag > allowedLag(apiserver.minor))
      yield {
        path,
        problem: 'skew',
        message: `Node \`${resource.name}\` runs kubelet ${version.text}, ${lag} minors behind kube-apiserver ${apiserver.text}; the version skew policy allows ${allowedLag(apiserver.minor)}`,
      };
  },
};

export const nodeOperatingSystem: ObjectRule<{ now?: string }> = {
  meta: {
    id: 'PP-PLAT-022',
    title: 'Node operating system out of support',
    chapter: 'platform',
    severity: 'high',
    recommendation: "Run nodes on an operating system release that still gets its vendor's security updates.",
    rationale: `The kernel and the libraries under the kubelet and the container runtime are the node's attack surface: a container escape ends there. A release past its end of standard support (per data/kubernetes-releases.json, data of ${RELEASE_DATA.asOf}) gets no more fixes. An OS image the data does not know is reported at info, not passed. The kernel version is named but not judged: distributions backport fixes without changing it.`,
    remediation:
      "Replace the node with one on a supported release (a new node image, or the distribution's release upgrade), draining it first; paid extended support (Ubuntu Pro, RHEL ELS) is an alternative the data does not see.",
    references: [HOST_ACCESS.hostHardening, NSA.upgrades],
    params: nowParam(),
    appliesTo: ['Node'],
    examples: {
      fail: `${POLICY('PP-PLAT-022')}${node('edge-1', 'v1.33.2', 'CentOS Linux 7 (Core)', '3.10.0-1160.el7.x86_64')}`,
      pass: `${POLICY('PP-PLAT-022')}${node('edge-1', 'v1.33.2', 'Debian GNU/Linux 12 (bookworm)')}`,
    },
  },
  target: 'object',
  *check(resource, { params }) {
    const info = nodeInfo(resource);
    if (typeof info.osImage !== 'string' || info.osImage === '') return;
    const kernel = typeof info.kernelVersion === 'string' ? `, kernel ${info.kernelVersion}` : '';
    const path = ['status', 'nodeInfo', 'osImage'];
    const os = osReleaseOf(info.osImage);
    if (os === undefined) {
      yield {
        path,
        severity: 'info',
        problem: 'unknown',
        message: `Node \`${resource.name}\` runs ${info.osImage}${kernel}, which the release data of ${RELEASE_DATA.asOf} does not know: its support was not judged`,
      };
      return;
    }
    if (Date.parse(os.endOfSupport) <= nowOf(params.now))
      yield {
        path,
        problem: 'unsupported',
        message: `Node \`${resource.name}\` runs ${info.osImage}${kernel}: ${os.name} is out of standard support since ${os.endOfSupport} (release data of ${RELEASE_DATA.asOf})`,
      };
  },
};
