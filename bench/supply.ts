// The supply-chain part of `npm run bench` (also `node dist/bench/supply.js`): 10,000 Deployments running 1,000
// distinct images, and 1,000 Trivy reports of 50 vulnerabilities each. Measures, in process and best of 3: the
// image inventory, joining the reports, the CycloneDX BOM, and PP-WL-025 judging every workload. A measurement:
// exits 0 whatever the numbers are.

import { fileURLToPath } from 'node:url';
import { evaluate } from '../src/engine/evaluate.js';
import { activeRules, DEFAULT_POLICY } from '../src/engine/policy.js';
import { loadManifestText } from '../src/inputs/manifests.js';
import { Inventory } from '../src/inventory/inventory.js';
import { DEFAULT_PSS, pssResolver } from '../src/rules/pod-security/settings.js';
import { imageVulnerabilities } from '../src/rules/workloads/image-vulnerabilities.js';
import { cyclonedxBom } from '../src/supply/cyclonedx.js';
import { collectImages } from '../src/supply/images.js';
import { joinScans } from '../src/supply/report.js';
import { parseVulnerabilityReport } from '../src/supply/vulns.js';

export const SUPPLY_SHAPE = { workloads: 10_000, images: 1000, reports: 1000, vulnerabilities: 50 };

const image = (i: number) => `registry.example.com/team-${i % 20}/app-${i}:1.${i % 7}.${i % 13}`;

function manifests(): string {
  const docs: string[] = [];
  for (let w = 0; w < SUPPLY_SHAPE.workloads; w++) {
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: app-${w}, namespace: ns-${w % 100}}
spec:
  selector: {matchLabels: {app: app-${w}}}
  template:
    metadata: {labels: {app: app-${w}}}
    spec:
      initContainers: [{name: init, image: "${image((w + 1) % SUPPLY_SHAPE.images)}"}]
      containers: [{name: app, image: "${image(w % SUPPLY_SHAPE.images)}"}]
`);
  }
  return docs.join('---\n');
}

function report(i: number): string {
  const severities = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];
  const vulnerabilities = Array.from({ length: SUPPLY_SHAPE.vulnerabilities }, (_, v) => ({
    VulnerabilityID: `CVE-2024-${10_000 + i * 50 + v}`,
    PkgName: `lib-${v}`,
    InstalledVersion: '1.0.0',
    ...(v % 3 === 0 ? {} : { FixedVersion: '1.0.1' }),
    Severity: severities[v % severities.length],
  }));
  return JSON.stringify({
    SchemaVersion: 2,
    ArtifactName: image(i),
    ArtifactType: 'container_image',
    Metadata: { RepoTags: [image(i)] },
    Results: [{ Target: image(i), Class: 'os-pkgs', Vulnerabilities: vulnerabilities }],
  });
}

function best(runs: number, work: () => unknown): number {
  let fastest = Number.POSITIVE_INFINITY;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    work();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest;
}

export function runSupplyBench(runs = 3): string {
  const loaded = loadManifestText('bench.yaml', manifests());
  const inventory = new Inventory(loaded.resources);
  const texts = Array.from({ length: SUPPLY_SHAPE.reports }, (_, i) => report(i));
  const scans = texts.map((text, i) => parseVulnerabilityReport(`report-${i}.json`, text));
  const entries = collectImages(inventory);
  const joined = joinScans(entries, scans);
  const [active] = activeRules([imageVulnerabilities], DEFAULT_POLICY);
  const options = { pss: pssResolver(inventory, DEFAULT_PSS), vulnerabilities: scans };
  const findings = active ? evaluate(inventory, [active], options).length : 0;
  const rows: [string, number][] = [
    [
      'read the 1,000 reports (JSON.parse + Trivy reader)',
      best(runs, () => texts.map((t, i) => parseVulnerabilityReport(`r${i}`, t))),
    ],
    ['image inventory (collectImages)', best(runs, () => collectImages(inventory))],
    ['join the reports to the images', best(runs, () => joinScans(entries, scans))],
    ['CycloneDX BOM with the joined vulnerabilities', best(runs, () => cyclonedxBom(entries, joined))],
    [
      `PP-WL-025 over every workload (${findings} findings)`,
      best(runs, () => (active ? evaluate(inventory, [active], options) : [])),
    ],
  ];
  const { workloads, images, reports, vulnerabilities } = SUPPLY_SHAPE;
  return [
    `supply chain: ${workloads} Deployments (2 containers each), ${images} images, ${reports} Trivy reports × ${vulnerabilities} vulnerabilities (best of ${runs})`,
    ...rows.map(([what, ms]) => `  ${what}: ${ms.toFixed(0)} ms`),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write(`${runSupplyBench()}\n`);
