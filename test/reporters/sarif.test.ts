import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import AjvDraft04 from 'ajv-draft-04';
import type { ScanReport } from '../../src/findings/finding.js';
import { artifactUri, pascalCase, renderSarif, sarifLog } from '../../src/reporters/sarif.js';
import { missingData } from '../helpers/conformance.js';
import { SHARED_DIR } from '../helpers/paths.js';
import { report } from './fixture.js';

// A CommonJS package: under nodenext its class is reached as the module's `default` property.
const Ajv = AjvDraft04.default;
/** The parts of a SARIF result these tests read. */
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  message: { text: string };
  locations: {
    physicalLocation?: {
      artifactLocation: { uri: string; uriBaseId: string };
      region?: { startLine: number; startColumn?: number };
    };
    logicalLocations?: { fullyQualifiedName: string }[];
  }[];
  partialFingerprints: Record<string, string>;
  suppressions?: unknown[];
}

const SCHEMA = path.join(SHARED_DIR, 'conformance', 'sarif-schema-2.1.0.json');
const log = JSON.parse(renderSarif(report, { color: false }));
const run = log.runs[0];

test('SARIF validates against the official 2.1.0 schema', (t) => {
  if (!existsSync(SCHEMA)) {
    missingData(
      t,
      `SARIF schema not found at ${SCHEMA} (conformance data is absent outside the dev workspace)`,
    );
    return;
  }
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
  const ok = validate(log);
  assert.ok(ok, ajv.errorsText(validate.errors, { separator: '\n' }));
});

test('log header and driver', () => {
  assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs.length, 1);
  assert.equal(run.tool.driver.name, 'parapet');
  assert.equal(run.tool.driver.version, '0.1.0');
  assert.match(run.tool.driver.informationUri, /^https:\/\//);
});

test('GitHub: every rule has help text, a string security-severity and a level', () => {
  assert.equal(run.tool.driver.rules.length, report.rules.length);
  for (const rule of run.tool.driver.rules) {
    assert.equal(typeof rule.help.text, 'string');
    assert.ok(rule.help.text.length > 0);
    assert.ok(rule.help.markdown.includes('**Remediation**'));
    assert.equal(typeof rule.properties['security-severity'], 'string');
    assert.match(rule.properties['security-severity'], /^\d+\.\d$/);
    assert.ok(rule.properties.tags.includes('security'));
    assert.equal(rule.properties.precision, 'very-high');
    assert.match(rule.name, /^[A-Z][A-Za-z0-9]*$/);
  }
  const privileged = run.tool.driver.rules[0];
  assert.equal(privileged.name, 'PrivilegedContainers');
  assert.equal(privileged.defaultConfiguration.level, 'error');
  assert.equal(privileged.properties['security-severity'], '9.5');
  assert.deepEqual(privileged.properties.tags, ['security', 'workloads', 'CIS 5.2.2', 'PSS privileged']);
  const levels = run.tool.driver.rules.map(
    (r: { defaultConfiguration: { level: string } }) => r.defaultConfiguration.level,
  );
  assert.deepEqual(levels, ['error', 'error', 'error', 'warning', 'note', 'note']);
});

test('GitHub: every result has a rule, a message, a start line where known and a relative URI', () => {
  assert.equal(run.results.length, report.findings.length);
  run.results.forEach((result: SarifResult, i: number) => {
    const finding = report.findings[i];
    assert.equal(result.ruleId, finding.ruleId);
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, finding.ruleId);
    assert.equal(result.message.text, finding.message);
    assert.equal(result.partialFingerprints['parapet/v1'], finding.fingerprint);
    const physical = result.locations[0].physicalLocation;
    if (finding.resource.file === undefined) {
      assert.equal(physical, undefined);
      assert.equal(result.locations[0].logicalLocations?.[0]?.fullyQualifiedName, 'Pod kube-system/agent');
      return;
    }
    assert.ok(physical, 'a finding with a file has a physical location');
    const uri = physical.artifactLocation.uri;
    assert.equal(physical.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.ok(!uri.startsWith('/') && !uri.startsWith('./') && !uri.includes('\\'), uri);
    assert.equal(uri, finding.resource.file);
    assert.equal(physical.region?.startLine, finding.resource.line);
    assert.equal(physical.region?.startColumn, finding.resource.column);
  });
});

test('suppressed findings carry an external suppression with the reason', () => {
  const suppressed = run.results.filter((r: { suppressions?: unknown }) => r.suppressions);
  assert.equal(suppressed.length, 1);
  assert.deepEqual(suppressed[0].suppressions, [
    { kind: 'external', justification: 'CNI agent needs the host network' },
  ]);
});

test('error notes become tool execution notifications and mark the run unsuccessful', () => {
  const [invocation] = run.invocations;
  assert.equal(invocation.executionSuccessful, false);
  assert.equal(invocation.toolExecutionNotifications.length, 1);
  const [notification] = invocation.toolExecutionNotifications;
  assert.equal(notification.level, 'error');
  assert.match(notification.message.text, /Cannot parse YAML/);
  assert.deepEqual(notification.locations[0].physicalLocation.region, { startLine: 3, startColumn: 5 });
  const clean = sarifLog({ ...report, notes: [] }, process.cwd());
  assert.deepEqual(clean.runs[0].invocations, [{ executionSuccessful: true }]);
});

test('absolute and ./ file names become URIs relative to the working directory', () => {
  const cwd = path.resolve('/srv/repo');
  assert.equal(artifactUri(path.join(cwd, 'k8s', 'app.yaml'), cwd), 'k8s/app.yaml');
  assert.equal(artifactUri('./k8s/app.yaml', cwd), 'k8s/app.yaml');
  assert.equal(artifactUri('k8s/my app#1.yaml', cwd), 'k8s/my%20app%231.yaml');
  const moved: ScanReport = {
    ...report,
    findings: report.findings.map((f) =>
      f.resource.file ? { ...f, resource: { ...f.resource, file: path.join(cwd, f.resource.file) } } : f,
    ),
  };
  const result = sarifLog(moved, cwd).runs[0].results[1] as SarifResult;
  assert.equal(
    result.locations[0].physicalLocation?.artifactLocation.uri,
    'examples/edge-cluster/shop/web.yaml',
  );
});

test('a region is left out when the line is unknown', () => {
  const noLine: ScanReport = {
    ...report,
    findings: [
      {
        ...report.findings[0],
        resource: { ...report.findings[0].resource, line: undefined, column: undefined },
      },
    ],
  };
  const result = sarifLog(noLine, process.cwd()).runs[0].results[0] as SarifResult;
  assert.ok(result.locations[0].physicalLocation, 'the file is still known');
  assert.equal(result.locations[0].physicalLocation.region, undefined);
});

test('pascalCase', () => {
  assert.equal(pascalCase('hostPath volumes'), 'HostPathVolumes');
  assert.equal(pascalCase('Host namespaces (hostNetwork)'), 'HostNamespacesHostNetwork');
});

test('Helm output read from stdin points at its template, without a line (lines count in the rendered text)', () => {
  const piped: ScanReport = {
    ...report,
    findings: [
      {
        ...report.findings[1],
        resource: { ...report.findings[1].resource, file: '-', helmSource: 'shop/templates/web.yaml' },
      },
      {
        ...report.findings[1],
        resource: { ...report.findings[1].resource, file: '-', helmSource: undefined },
      },
    ],
  };
  const [helm, bare] = sarifLog(piped, process.cwd()).runs[0].results as SarifResult[];
  assert.deepEqual(helm?.locations[0].physicalLocation, {
    artifactLocation: { uri: 'shop/templates/web.yaml', uriBaseId: '%SRCROOT%' },
  });
  assert.equal(
    bare?.locations[0].physicalLocation,
    undefined,
    'plain stdin has no file: use --stdin-filename',
  );
});
