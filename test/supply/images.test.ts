import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it, test } from 'node:test';
import { Ajv } from 'ajv';
import { loadManifestText } from '../../src/inputs/manifests.js';
import { Inventory } from '../../src/inventory/inventory.js';
import { parseImage } from '../../src/rules/workloads/image-ref.js';
import { cyclonedxBom } from '../../src/supply/cyclonedx.js';
import { collectImages } from '../../src/supply/images.js';
import { imageOfPurl, imagePurl } from '../../src/supply/purl.js';
import { joinScans, vulnerabilityLines } from '../../src/supply/report.js';
import { parseVulnerabilityReport } from '../../src/supply/vulns.js';
import { parapet } from '../helpers/cli.js';
import { missingData } from '../helpers/conformance.js';
import { REPO_ROOT, SHARED_DIR } from '../helpers/paths.js';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'supply');
const SITE = path.join(FIXTURES, 'site.yaml');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const DIGEST = 'sha256:4aea012537edfad80f98d870a36e6b90b4c09b27be7f4b4759d72db863baeebb';
const RUNNING = 'sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31';

function imagesOf(yaml: string) {
  const loaded = loadManifestText('site.yaml', yaml);
  assert.equal(loaded.inputErrors, false);
  return collectImages(new Inventory(loaded.resources));
}

/** A Deployment with the ReplicaSet and Pod a cluster makes of it; the Pod reports the digest it runs. */
const CLUSTER = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop, uid: d1}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: "nginx:1.25.3"}]
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-7d9f
  namespace: shop
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: d1, controller: true}]
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: "nginx:1.25.3"}]
---
apiVersion: v1
kind: Pod
metadata:
  name: web-7d9f-x2k4p
  namespace: shop
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-7d9f, controller: true}]
spec:
  containers: [{name: nginx, image: "nginx:1.25.3"}]
status:
  containerStatuses:
    - {name: nginx, image: "docker.io/library/nginx:1.25.3", imageID: "docker.io/library/nginx@${RUNNING}"}
`;

describe('image inventory', () => {
  it('lists every image of every pod controller, init containers included, with its workloads', () => {
    const entries = imagesOf(readFileSync(SITE, 'utf8'));
    assert.deepEqual(
      entries.map((e) => [
        e.image,
        e.uses.map((u) => `${u.kind} ${u.namespace}/${u.name} ${u.container} ${u.pullPolicy}`),
      ]),
      [
        ['busybox:1.36.1', ['Deployment shop/web wait-db IfNotPresent']],
        ['ghcr.io/fluent/fluent-bit', ['DaemonSet ops/shipper fluent-bit Always']],
        ['nginx:1.25.3', ['Deployment shop/web nginx IfNotPresent']],
        [`postgres:16.2@${DIGEST}`, ['StatefulSet shop/db postgres IfNotPresent']],
        ['registry.example.com/ops/backup:3.1.0', ['CronJob ops/backup backup IfNotPresent']],
      ],
    );
    const postgres = entries.find((e) => e.ref.repository === 'library/postgres');
    assert.equal(postgres?.digest, DIGEST);
    assert.equal(postgres?.digestSource, 'reference');
  });

  it("from a cluster: the Pod's imageID gives the digest, and the Deployment (not its copies) is the workload", () => {
    const [entry, ...rest] = imagesOf(CLUSTER);
    assert.equal(rest.length, 0);
    assert.equal(entry?.digest, RUNNING);
    assert.equal(entry?.digestSource, 'cluster');
    assert.deepEqual(
      entry?.uses.map((u) => `${u.kind} ${u.name}`),
      ['Deployment web'],
    );
  });
});

describe('purl', () => {
  it('pkg:oci with the digest as version, repository_url and tag; read back', () => {
    const ref = parseImage(`postgres:16.2@${DIGEST}`);
    assert.ok(ref);
    const purl = imagePurl(ref);
    assert.equal(purl, `pkg:oci/postgres@${DIGEST}?repository_url=docker.io%2Flibrary%2Fpostgres&tag=16.2`);
    const back = imageOfPurl(purl);
    assert.equal(back?.digest, DIGEST);
    assert.equal(back?.repository, 'library/postgres');
    assert.equal(back?.tag, '16.2');
  });
});

describe('vulnerability reports', () => {
  it('Trivy JSON: named by name and tag; severities and fixed versions', () => {
    const scan = parseVulnerabilityReport('trivy-nginx.json', fixture('trivy-nginx.json'));
    assert.deepEqual(scan.names, ['docker.io/library/nginx:1.25.3']);
    assert.deepEqual(scan.digests, []);
    assert.equal(scan.vulnerabilities.length, 9);
    assert.deepEqual(scan.vulnerabilities[0], {
      id: 'CVE-2024-5535',
      severity: 'critical',
      package: 'libssl3',
      installed: '3.0.11-1~deb12u2',
      fixedIn: '3.0.14-1~deb12u1',
    });
  });

  it('Grype JSON: the manifest digest; negligible becomes info; a wont-fix has no fixed version', () => {
    const scan = parseVulnerabilityReport('grype-postgres.json', fixture('grype-postgres.json'));
    assert.deepEqual(scan.digests, [DIGEST]);
    assert.deepEqual(scan.names, ['docker.io/library/postgres:16.2']);
    const perl = scan.vulnerabilities.find((v) => v.id === 'CVE-2023-31484');
    assert.equal(perl?.severity, 'info');
    assert.equal(perl?.fixedIn, undefined);
  });

  it('CycloneDX: the image from metadata.component; packages by bom-ref; fixes from unaffected versions or the recommendation', () => {
    const scan = parseVulnerabilityReport('backup.cdx.json', fixture('backup.cdx.json'));
    assert.deepEqual(scan.names, ['registry.example.com/ops/backup:3.1.0']);
    assert.deepEqual(
      scan.vulnerabilities.map((v) => [v.id, v.severity, v.package, v.fixedIn]),
      [
        ['CVE-2024-4603', 'high', 'libcrypto3', '3.1.5-r0'],
        ['CVE-2023-42363', 'medium', 'busybox', '1.36.1-r16'],
      ],
    );
  });

  it('refuses what it cannot read, naming the file', () => {
    assert.throws(() => parseVulnerabilityReport('x.json', '{"kind": "Deployment"}'), {
      name: 'SupplyError',
      message: /^x\.json: not a vulnerability report/,
    });
    assert.throws(() => parseVulnerabilityReport('y.json', '{'), /y.json: not JSON/);
  });

  it('joins by digest where both know one, else by name and tag, and says which', () => {
    const entries = imagesOf(readFileSync(SITE, 'utf8'));
    const scans = ['trivy-nginx.json', 'grype-postgres.json', 'backup.cdx.json'].map((f) =>
      parseVulnerabilityReport(f, fixture(f)),
    );
    const lines = vulnerabilityLines(entries, joinScans(entries, scans));
    assert.equal(lines.length, 3);
    assert.match(
      lines[0] ?? '',
      /^Deployment shop\/web runs nginx:1\.25\.3 with 2 critical and 5 high vulnerabilities \(CVE-2024-45491 \(libexpat1 2\.5\.0-1, fixed in 2\.5\.0-1\+deb12u1\), .* and 4 more\), 2 less severe; matched by name and tag in trivy-nginx\.json$/,
    );
    assert.match(
      lines[1] ?? '',
      /^StatefulSet shop\/db runs postgres:16\.2@sha256:.* matched by digest in grype-postgres\.json$/,
    );
    // a scan of another build (a different digest) of the same tag does not match
    const other = { ...scans[1], digests: [RUNNING] } as (typeof scans)[number];
    assert.equal(joinScans(entries, [other]).filter((j) => j.matches.length > 0).length, 0);
  });
});

interface BomJson {
  specVersion: string;
  components: {
    type: string;
    purl: string;
    hashes?: unknown;
    properties: { name: string; value: string }[];
  }[];
  vulnerabilities: unknown[];
}

const SCHEMA_DIR = path.join(SHARED_DIR, 'conformance', 'cyclonedx');

test('the CycloneDX BOM validates against the CycloneDX 1.6 JSON schema', (t) => {
  if (!existsSync(path.join(SCHEMA_DIR, 'bom-1.6.schema.json'))) {
    missingData(
      t,
      `CycloneDX schema not found in ${SCHEMA_DIR} (conformance data is absent outside the dev workspace)`,
    );
    return;
  }
  const schema = (name: string) => JSON.parse(readFileSync(path.join(SCHEMA_DIR, name), 'utf8'));
  // formats (iri-reference, date-time, ...) are not what this checks: structure, types, enums and required fields
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(schema('spdx.schema.json'));
  ajv.addSchema(schema('jsf-0.82.schema.json'));
  const validate = ajv.compile(schema('bom-1.6.schema.json'));
  const entries = imagesOf(`${readFileSync(SITE, 'utf8')}\n---\n${CLUSTER}`);
  const scans = ['trivy-nginx.json', 'backup.cdx.json'].map((f) => parseVulnerabilityReport(f, fixture(f)));
  const text = cyclonedxBom(entries, joinScans(entries, scans));
  assert.ok(validate(JSON.parse(text)), ajv.errorsText(validate.errors));
  const bom = JSON.parse(text) as BomJson;
  assert.equal(bom.specVersion, '1.6');
  const containers = bom.components.filter((c) => c.type === 'container');
  assert.equal(containers.length, entries.length);
  const running = bom.components.find((c) => c.purl.includes(RUNNING.slice(7)));
  assert.deepEqual(running?.hashes, [{ alg: 'SHA-256', content: RUNNING.slice(7) }]);
  assert.ok(
    running?.properties.some(
      (p) => p.name === 'parapet:workload' && p.value === 'Deployment shop/web container nginx',
    ),
  );
  assert.ok(bom.vulnerabilities.length >= 9);
  // the BOM round-trips through parapet's own CycloneDX reader
  assert.ok(parseVulnerabilityReport('bom.json', JSON.stringify(bom)));
});

describe('parapet images', () => {
  it('table, with --vulns joined', () => {
    const r = parapet(['images', '--vulns', path.join(FIXTURES, 'trivy-nginx.json'), SITE]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^IMAGE +DIGEST +WORKLOADS +PULL POLICY +VULNERABILITIES$/m);
    assert.match(
      r.stdout,
      /Deployment shop\/web runs nginx:1\.25\.3 with 2 critical and 5 high vulnerabilities/,
    );
    assert.match(r.stdout, /4 image\(s\) without a vulnerability report: not assessed/);
  });

  it('--vulns DIR reads every .json report in it', () => {
    const r = parapet(['images', '--format', 'json', '--vulns', FIXTURES, SITE]);
    assert.equal(r.code, 0, r.stderr);
    const images = (
      JSON.parse(r.stdout) as { images: { vulnerabilityReports: { file: string; matchedBy: string }[] }[] }
    ).images;
    assert.deepEqual(
      images.flatMap((i) => i.vulnerabilityReports.map((m) => `${path.basename(m.file)} ${m.matchedBy}`)),
      ['trivy-nginx.json name and tag', 'grype-postgres.json digest', 'backup.cdx.json name and tag'],
    );
  });

  it('json and cyclonedx', () => {
    const json = parapet(['images', '--format', 'json', SITE]);
    assert.equal(json.code, 0, json.stderr);
    assert.equal(JSON.parse(json.stdout).images.length, 5);
    const bom = parapet(['images', '--format', 'cyclonedx', SITE]);
    assert.equal(bom.code, 0, bom.stderr);
    assert.equal(JSON.parse(bom.stdout).bomFormat, 'CycloneDX');
  });

  it('exit 2 with a one-line error for an unreadable report or no input', () => {
    const r = parapet(['images', '--vulns', SITE, SITE]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^parapet images: .*site\.yaml: not JSON/);
    assert.equal(parapet(['images']).code, 2);
  });
});
