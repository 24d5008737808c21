import { type Severity, severityRank } from '../../findings/severity.js';
import { POD_CONTROLLER_KINDS } from '../../inventory/pod-specs.js';
import { CIS, NIST, OWASP } from '../../references/controls.js';
import { appContainer, webDeployment } from '../examples.js';
import { describeContainer } from '../helpers.js';
import { containerPath, type PodRule } from '../types.js';
import { parseImage } from './image-ref.js';
import {
  countBySeverity,
  examplesOf,
  type ImageScan,
  matchedBy,
  matchScans,
  vulnerabilitiesOf,
} from './image-scans.js';
import { runningDigests } from './running-images.js';

export interface ImageVulnerabilityParams {
  /** The least severity reported: critical (default) or high. */
  minSeverity: 'critical' | 'high';
  /** Only vulnerabilities with a fixed version (default): those a rebuild or update removes. */
  onlyFixable: boolean;
}

const EXAMPLE_SCAN: ImageScan = {
  source: 'trivy-nginx.json',
  image: 'nginx:1.25.3',
  digests: [],
  names: ['docker.io/library/nginx:1.25.3'],
  vulnerabilities: [
    {
      id: 'CVE-2024-5535',
      severity: 'critical',
      package: 'libssl3',
      installed: '3.0.11-1',
      fixedIn: '3.0.14-1',
    },
  ],
};

/** An image with a known critical vulnerability that has a fix runs where an updated image would not carry it. */
export const imageVulnerabilities: PodRule<ImageVulnerabilityParams> = {
  meta: {
    id: 'PP-WL-025',
    title: 'Image with known fixable vulnerabilities',
    chapter: 'workloads',
    severity: 'high',
    recommendation:
      'Scan every image you run, and rebuild or update images with critical (or high) vulnerabilities that have a fix.',
    rationale:
      'Manifests only name images; what is inside them is known from a scanner. Given the reports users already produce (`scan --vulns trivy.json --vulns grype.json`, or `--vulns DIR` for a directory of them), this rule joins them to the workloads that run each image, matched by digest where both sides know one, else by name and tag. ' +
      'Only vulnerabilities with a fixed version count by default: those are the ones an image rebuild removes today. A finding is critical when a critical vulnerability is among them, else high. ' +
      'Without vulnerability reports the rule does not run: the scan notes it as not assessed, and a framework view never counts it as passed. ' +
      'The examples are judged with a Trivy report of `nginx:1.25.3` listing CVE-2024-5535 (critical, in libssl3, fixed in 3.0.14-1).',
    remediation:
      'Update the base image or the affected packages (the message names the fixed versions), rebuild, push, and roll the workload out with the new digest.',
    references: [NIST.imageVulnerabilities, NIST.staleImages, CIS.imageProvenance, OWASP.images],
    requires: 'vulnerabilities',
    params: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          minSeverity: {
            enum: ['critical', 'high'],
            description: 'The least severity reported: critical (default) or high.',
          },
          onlyFixable: {
            type: 'boolean',
            description: 'true (default): only vulnerabilities with a fixed version; false: every one.',
          },
        },
      },
      defaults: { minSeverity: 'critical', onlyFixable: true },
    },
    appliesTo: POD_CONTROLLER_KINDS,
    examples: {
      fail: webDeployment({ containers: appContainer('nginx:1.25.3') }),
      pass: webDeployment({ containers: appContainer('nginx:1.27.3') }),
      scans: [EXAMPLE_SCAN],
    },
  },
  target: 'pod',
  *check(pod, { inventory, params, vulnerabilities }) {
    if (vulnerabilities === undefined || vulnerabilities.length === 0) return;
    const least: Severity = params.minSeverity === 'high' ? 'high' : 'critical';
    const fixableOnly = params.onlyFixable !== false;
    for (const container of pod.containers) {
      const ref = parseImage(container.container.image);
      if (ref === undefined) continue;
      const matches = matchScans(
        vulnerabilities,
        ref,
        runningDigests(inventory, pod.resource, container.name),
      );
      if (matches.length === 0) continue;
      const found = vulnerabilitiesOf(matches).filter(
        (v) => severityRank(v.severity) >= severityRank(least) && (!fixableOnly || v.fixedIn !== undefined),
      );
      if (found.length === 0) continue;
      const fixable = fixableOnly ? ' with a fix' : '';
      yield {
        path: containerPath(pod, container, 'image'),
        message: `${describeContainer(pod, container)} runs \`${ref.raw}\` with ${countBySeverity(found)}${fixable}: ${examplesOf(found)} (${matchedBy(matches)}); update or rebuild the image`,
        severity: found.some((v) => v.severity === 'critical') ? 'critical' : 'high',
      };
    }
  },
};
