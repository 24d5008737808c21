import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ImageScan } from '../../../src/rules/workloads/image-scans.js';
import { imageVulnerabilities } from '../../../src/rules/workloads/image-vulnerabilities.js';
import { parapet } from '../../helpers/cli.js';
import { REPO_ROOT } from '../../helpers/paths.js';
import { runRule } from '../../helpers/rule-tester.js';

const DIGEST = 'sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31';
const OTHER = 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

const deployment = (image: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: "${image}"}]
`;

const scan = (over: Partial<ImageScan>): ImageScan => ({
  source: 'trivy.json',
  image: 'nginx:1.25.3',
  digests: [],
  names: ['docker.io/library/nginx:1.25.3'],
  vulnerabilities: [
    { id: 'CVE-2024-5535', severity: 'critical', package: 'libssl3', installed: '3.0.11', fixedIn: '3.0.14' },
    { id: 'CVE-2024-2511', severity: 'high', package: 'libssl3', installed: '3.0.11', fixedIn: '3.0.13' },
    { id: 'CVE-2023-45853', severity: 'critical', package: 'zlib1g', installed: '1.2.13' },
  ],
  ...over,
});

const PATH = 'spec.template.spec.containers[0].image';

describe('PP-WL-025 Image with known fixable vulnerabilities', () => {
  it('fails: a critical vulnerability with a fix, matched by name and tag', () => {
    assert.deepEqual(runRule(imageVulnerabilities, deployment('nginx:1.25.3'), undefined, [scan({})]), [
      {
        message:
          'container `nginx` in Deployment `shop/web` runs `nginx:1.25.3` with 1 critical vulnerability with a fix: CVE-2024-5535 (libssl3 3.0.11, fixed in 3.0.14) (matched by name and tag in trivy.json); update or rebuild the image',
        path: PATH,
        severity: 'critical',
        resource: 'Deployment/web',
        cis: ['5.5.1'],
        mitre: [],
      },
    ]);
  });

  it('minSeverity high adds the high ones; onlyFixable false the unfixed ones', () => {
    const [high] = runRule(imageVulnerabilities, deployment('nginx:1.25.3'), { minSeverity: 'high' }, [
      scan({}),
    ]);
    assert.match(high?.message ?? '', /with 1 critical and 1 high vulnerabilities with a fix/);
    const [all] = runRule(imageVulnerabilities, deployment('nginx:1.25.3'), { onlyFixable: false }, [
      scan({}),
    ]);
    assert.match(all?.message ?? '', /with 2 critical vulnerabilities: /);
  });

  it('only high with a fix, at minSeverity high: reported at high', () => {
    const only = scan({ vulnerabilities: [{ id: 'CVE-1', severity: 'high', fixedIn: '2' }] });
    const [got] = runRule(imageVulnerabilities, deployment('nginx:1.25.3'), { minSeverity: 'high' }, [only]);
    assert.equal(got?.severity, 'high');
  });

  it('by digest: a pinned image matches the scan of its digest, not a scan of another digest of the tag', () => {
    const pinned = deployment(`nginx:1.25.3@${DIGEST}`);
    const [byDigest] = runRule(imageVulnerabilities, pinned, undefined, [scan({ digests: [DIGEST] })]);
    assert.match(byDigest?.message ?? '', /matched by digest in trivy\.json/);
    assert.deepEqual(runRule(imageVulnerabilities, pinned, undefined, [scan({ digests: [OTHER] })]), []);
  });

  it('passes: no scan of the image, a clean scan, or only unfixed criticals', () => {
    assert.deepEqual(runRule(imageVulnerabilities, deployment('nginx:1.27.3'), undefined, [scan({})]), []);
    assert.deepEqual(
      runRule(imageVulnerabilities, deployment('nginx:1.25.3'), undefined, [scan({ vulnerabilities: [] })]),
      [],
    );
    const unfixed = scan({ vulnerabilities: [{ id: 'CVE-2', severity: 'critical' }] });
    assert.deepEqual(runRule(imageVulnerabilities, deployment('nginx:1.25.3'), undefined, [unfixed]), []);
  });

  it('does not run without vulnerability reports', () => {
    assert.deepEqual(runRule(imageVulnerabilities, deployment('nginx:1.25.3')), []);
  });
});

describe('scan --vulns', () => {
  const site = path.join(REPO_ROOT, 'test', 'fixtures', 'supply', 'site.yaml');
  const trivy = path.join(REPO_ROOT, 'test', 'fixtures', 'supply', 'trivy-nginx.json');

  it('reports PP-WL-025 with the rest', () => {
    const r = parapet(['scan', '--format', 'json', '--fail-on', 'none', '--vulns', trivy, site]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; severity: string }[] };
    const found = report.findings.filter((f) => f.ruleId === 'PP-WL-025');
    assert.equal(found.length, 1);
    assert.equal(found[0]?.severity, 'critical');
  });

  it('without --vulns: noted as not assessed, and never passed', () => {
    const r = parapet(['scan', '--format', 'json', '--fail-on', 'none', site]);
    const report = JSON.parse(r.stdout) as { notes: { message: string }[] };
    assert.ok(report.notes.some((n) => /^not assessed: PP-WL-025 .*--vulns/.test(n.message)));
    const nist = parapet(['scan', '--framework', 'nist', '--format', 'json', '--fail-on', 'none', site]);
    const view = (
      JSON.parse(nist.stdout) as {
        frameworks: { controls: { id: string; status: string; rules: string[] }[] }[];
      }
    ).frameworks[0];
    const control = view?.controls.find((c) => c.id === '3.1.1');
    assert.ok(control && control.status !== 'passed' && !control.rules.includes('PP-WL-025'));
  });
});
