/**
 * `--format policyreport`: the scan as wgpolicyk8s.io/v1alpha2 objects, as Policy Reporter and other
 * Kubernetes-native UIs read them: a PolicyReport per namespace and a ClusterPolicyReport for cluster-scoped
 * objects, in one multi-document YAML stream for `kubectl apply -f`.
 *
 * Results: an unsuppressed finding is `fail`, or `warn` at severity info (advice, not a violation), whatever
 * --fail-on says (a pipeline's gate should not change what a dashboard shows); a suppressed finding is `skip`,
 * with its exception's reason; a rule that judged objects
 * of the scope and found nothing there is one `pass` for the scope (no per-object passes: they are what bloats
 * such reports). Objects stay small: at most MAX_RESULTS_PER_OBJECT results and MAX_RESULT_BYTES_PER_OBJECT of
 * them per object (a scope with more is split over `parapet`, `parapet-2`, …), at most MAX_OBJECTS_PER_SCOPE
 * objects per scope; past that the least important results (passes first, then skips, warnings, the least
 * severe failures) are left out, and the scope's last object says how many in an annotation.
 */
import type { Finding, ResourceRef, RuleSummary, ScanReport } from '../findings/finding.js';
import { compareSeverity, type Severity } from '../findings/severity.js';
import { namespaceOf } from '../inventory/inventory.js';
import { formatReference } from '../references/frameworks.js';
import { fileAndLine, kindCounts, objectsJudged, rulesOf } from './common.js';
import type { Reporter } from './types.js';

export const POLICY_REPORT_API_VERSION = 'wgpolicyk8s.io/v1alpha2';
/** Results per object: a few hundred KiB at most, far below etcd's 1.5 MiB request limit. */
export const MAX_RESULTS_PER_OBJECT = 500;
/** Bytes of results per object, as JSON (how the API server stores them). */
export const MAX_RESULT_BYTES_PER_OBJECT = 512 * 1024;
/** Objects per namespace (or for the cluster): past this many, results are left out. */
export const MAX_OBJECTS_PER_SCOPE = 20;
/** Names the objects parapet made, so `kubectl delete … -l` can remove stale ones after a scope shrinks. */
export const MANAGED_BY_LABEL = { 'app.kubernetes.io/managed-by': 'parapet' } as const;
export const OMITTED_ANNOTATION = 'parapet.dev/omitted-results';

export type PolicyResultKind = 'fail' | 'warn' | 'skip' | 'pass';
/** The CRD's severity enum (v1alpha2: critical, high, medium, low, info), for each parapet severity. */
const CRD_SEVERITY: Record<Severity, 'critical' | 'high' | 'medium' | 'low' | 'info'> = {
  critical: 'critical',
  high: 'high',
  medium: 'medium',
  low: 'low',
  info: 'info',
};
/** Order of importance: what is kept first when a scope is capped. */
const RESULT_RANK: Record<PolicyResultKind, number> = { fail: 0, warn: 1, skip: 2, pass: 3 };

interface ObjectReference {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  uid?: string;
}

export interface PolicyResult {
  source: 'parapet';
  policy: string;
  rule: string;
  result: PolicyResultKind;
  severity: Severity;
  category: string;
  message: string;
  resources?: ObjectReference[];
  properties: Record<string, string>;
}

type Summary = Record<PolicyResultKind | 'error', number>;

export interface PolicyReportObject {
  apiVersion: typeof POLICY_REPORT_API_VERSION;
  kind: 'PolicyReport' | 'ClusterPolicyReport';
  metadata: {
    name: string;
    namespace?: string;
    labels: Record<string, string>;
    annotations?: Record<string, string>;
  };
  summary: Summary;
  results: PolicyResult[];
}

/** The objects, cluster report first, then namespaces in name order. */
export function policyReports(report: ScanReport): PolicyReportObject[] {
  const scopes = new Map<string, PolicyResult[]>();
  const scopeOf = (resource: ResourceRef) => {
    const namespace = namespaceOf(resource);
    let results = scopes.get(namespace);
    if (results === undefined) {
      results = [];
      scopes.set(namespace, results);
    }
    return results;
  };
  for (const resource of report.resources) scopeOf(resource);

  const failing = new Set<string>(); // rule id + scope with an unsuppressed finding
  for (const finding of report.findings) {
    scopeOf(finding.resource).push(findingResult(finding));
    if (!finding.suppressed) failing.add(`${finding.ruleId}\u0000${namespaceOf(finding.resource)}`);
  }
  const rules = rulesOf(report);
  const inScope = new Map<string, ResourceRef[]>();
  for (const resource of report.resources) {
    const namespace = namespaceOf(resource);
    const list = inScope.get(namespace);
    if (list === undefined) inScope.set(namespace, [resource]);
    else list.push(resource);
  }
  for (const [namespace, results] of scopes) {
    const perKind = kindCounts(inScope.get(namespace) ?? []);
    for (const rule of rules) {
      const objects = objectsJudged([rule], perKind);
      if (objects > 0 && !failing.has(`${rule.id}\u0000${namespace}`))
        results.push(passResult(rule, objects));
    }
  }

  const objects: PolicyReportObject[] = [];
  const order = resultOrder(rules);
  const names = [...scopes.keys()].sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en')));
  if (names.length === 0) names.push('');
  for (const namespace of names) {
    const results = (scopes.get(namespace) ?? []).sort(order);
    objects.push(...splitScope(namespace, results));
  }
  return objects;
}

export const renderPolicyReport: Reporter = (report) => {
  const head =
    '# parapet scan as wgpolicyk8s.io/v1alpha2 PolicyReports: kubectl apply -f FILE (the CRDs must be installed)\n';
  return `${head}${policyReports(report)
    .map((object) => `---\n${blockYaml(object, '')}`)
    .join('')}`;
};

/**
 * Plain data as block YAML, every string double-quoted as JSON writes it (JSON's escapes are YAML's too), so
 * that kubectl's YAML 1.1 never reads `yes` or `on` as a boolean; line and paragraph separators, DEL, C1
 * controls and BOM escaped, as YAML wants printable text. js-yaml's dump took 20 s on a bench scan's 80 MB.
 */
function blockYaml(value: unknown, indent: string): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]\n';
    return value
      .map((item) => {
        const text = blockYaml(item, `${indent}  `);
        return isBlock(item) ? `${indent}- ${text.slice(indent.length + 2)}` : `${indent}- ${text}`;
      })
      .join('');
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}\n';
    return entries
      .map(([key, v]) => {
        const name = /^[A-Za-z0-9_./-]+$/.test(key) ? key : scalar(key);
        return isBlock(v)
          ? `${indent}${name}:\n${blockYaml(v, `${indent}  `)}`
          : `${indent}${name}: ${blockYaml(v, indent)}`;
      })
      .join('');
  }
  return `${scalar(value)}\n`;
}

function isBlock(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length > 0;
}

function scalar(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function findingResult(finding: Finding): PolicyResult {
  const properties: Record<string, string> = { path: finding.path };
  const where = fileAndLine(finding.resource);
  if (where !== undefined) properties.location = where;
  if (finding.references.length > 0)
    properties.references = finding.references.map(formatReference).join(', ');
  properties.fix = finding.remediation;
  properties.fingerprint = finding.fingerprint;
  if (finding.suppressed) {
    properties.suppressed = finding.suppressed.reason;
    if (finding.suppressed.expires !== undefined) properties.expires = finding.suppressed.expires;
  }
  return {
    source: 'parapet',
    policy: finding.ruleId,
    rule: finding.title,
    result: finding.suppressed ? 'skip' : finding.severity === 'info' ? 'warn' : 'fail',
    severity: CRD_SEVERITY[finding.severity],
    category: finding.chapter,
    message: finding.message,
    resources: [objectReference(finding.resource)],
    properties,
  };
}

function passResult(rule: RuleSummary, objects: number): PolicyResult {
  const properties: Record<string, string> = { objects: String(objects) };
  if (rule.references.length > 0) properties.references = rule.references.map(formatReference).join(', ');
  return {
    source: 'parapet',
    policy: rule.id,
    rule: rule.title,
    result: 'pass',
    severity: CRD_SEVERITY[rule.severity],
    category: rule.chapter,
    message: `No finding on the ${objects === 1 ? 'object' : `${objects} objects`} it judges here`,
    properties,
  };
}

function objectReference(resource: ResourceRef): ObjectReference {
  const ref: ObjectReference = { apiVersion: resource.apiVersion, kind: resource.kind, name: resource.name };
  const namespace = namespaceOf(resource);
  if (namespace !== '') ref.namespace = namespace;
  if (resource.uid !== undefined) ref.uid = resource.uid;
  return ref;
}

/** Results in order of importance; rule ids by their rank (numbers compared, not locale-aware strings). */
function resultOrder(rules: readonly RuleSummary[]): (a: PolicyResult, b: PolicyResult) => number {
  const rank = new Map(
    [...new Set(rules.map((rule) => rule.id))]
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
      .map((id, i) => [id, i]),
  );
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return (a, b) =>
    RESULT_RANK[a.result] - RESULT_RANK[b.result] ||
    compareSeverity(a.severity, b.severity) ||
    (rank.get(a.policy) ?? 0) - (rank.get(b.policy) ?? 0) ||
    text(resourceKey(a), resourceKey(b)) ||
    text(a.properties.path ?? '', b.properties.path ?? '');
}

function resourceKey(result: PolicyResult): string {
  const ref = result.resources?.[0];
  return ref === undefined ? '' : `${ref.kind}/${ref.name}`;
}

/** One scope's results (most important first) over as few bounded objects as they need. */
function splitScope(namespace: string, results: readonly PolicyResult[]): PolicyReportObject[] {
  const chunks: PolicyResult[][] = [[]];
  let bytes = 0;
  let kept = 0;
  for (const result of results) {
    const size = resultBytes(result);
    let chunk = chunks[chunks.length - 1] as PolicyResult[];
    if (
      chunk.length >= MAX_RESULTS_PER_OBJECT ||
      (chunk.length > 0 && bytes + size > MAX_RESULT_BYTES_PER_OBJECT)
    ) {
      if (chunks.length >= MAX_OBJECTS_PER_SCOPE) break;
      chunk = [];
      chunks.push(chunk);
      bytes = 0;
    }
    chunk.push(result);
    bytes += size;
    kept++;
  }
  const omitted = results.length - kept;
  return chunks.map((chunk, i) => {
    const object = reportObject(namespace, i === 0 ? 'parapet' : `parapet-${i + 1}`, chunk);
    if (omitted > 0 && i === chunks.length - 1)
      object.metadata.annotations = { [OMITTED_ANNOTATION]: String(omitted) };
    return object;
  });
}

/** An upper estimate of a result's JSON size without encoding it: its strings, and room for keys and quotes. */
function resultBytes(result: PolicyResult): number {
  let n = 256 + result.policy.length + result.rule.length + result.message.length * 2;
  for (const [key, value] of Object.entries(result.properties)) n += 8 + key.length + value.length * 2;
  for (const ref of result.resources ?? [])
    n += 96 + ref.apiVersion.length + ref.kind.length + ref.name.length;
  return n;
}

function reportObject(namespace: string, name: string, results: PolicyResult[]): PolicyReportObject {
  const summary: Summary = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
  for (const result of results) summary[result.result]++;
  return {
    apiVersion: POLICY_REPORT_API_VERSION,
    kind: namespace === '' ? 'ClusterPolicyReport' : 'PolicyReport',
    metadata:
      namespace === ''
        ? { name, labels: { ...MANAGED_BY_LABEL } }
        : { name, namespace, labels: { ...MANAGED_BY_LABEL } },
    summary,
    results,
  };
}
