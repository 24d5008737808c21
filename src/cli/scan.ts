/** `parapet scan`: manifests in, findings out. Flags only; the work is engine/scan.ts. */

import { isSnapshotPath } from '../cluster/snapshot-path.js';
import { type ScanInput, scan } from '../engine/scan.js';
import { atLeast, SEVERITIES, type Severity } from '../findings/severity.js';
import { DEFAULT_MAX_FILE_SIZE } from '../inputs/manifests.js';
import { FRAMEWORKS, type Framework, frameworkByShortName } from '../references/frameworks.js';
import { FORMATS, loadReporter } from '../reporters/index.js';
import { PSS_LEVELS } from '../rules/pod-security/settings.js';
import { RULES } from '../rules/registry.js';
import { oneOf, parseFlags, parseSize, UsageError, useColor } from './args.js';
import { CLUSTER_FLAGS, CLUSTER_HELP, clusterInput } from './cluster-flags.js';
import { DB_HELP } from './history-flags.js';
import { writeOutput } from './output.js';

const HELP = `Scan Kubernetes manifests against parapet's rules (Pod Security Standards and the book's catalog).

Usage:
  parapet scan [flags] PATH...
  parapet scan --cluster [--kubeconfig F] [--context C] [-n NS | -A] [flags]

PATH is a file, a directory (searched recursively for .yaml, .yml and .json; a directory with a
kustomization.yaml is rendered with \`kubectl kustomize\`), or - for standard input.

Flags:
  --format FORMAT       table (default), json, sarif, junit, html (one self-contained page to open in a
                        browser, offline) or policyreport (wgpolicyk8s.io/v1alpha2 PolicyReports per
                        namespace and a ClusterPolicyReport, as YAML for kubectl apply -f)
  -o, --output FILE     write the report to FILE instead of standard output
  --fail-on SEVERITY    exit 1 when a finding is at or above it: critical, high (default), medium, low,
                        info, or none (always exit 0 unless input is unreadable)
  --policy FILE         policy file (default: parapet.yaml in a scanned directory)
  --baseline FILE       report only findings new since this earlier --format json report
  --pss-level LEVEL     Pod Security level for namespaces without pod-security labels:
                        restricted (default), baseline or privileged
  --pss-version V       Pod Security version for them: latest (default) or v1.N
  --max-file-size SIZE  refuse larger files (default 16Mi)
  --framework NAME      findings regrouped by the controls of one framework, with a coverage table per
                        control (failed, passed, no objects to judge, not assessable from manifests):
                        cis, nsa, owasp, nist, mitre or pss; may repeat. With --format table it replaces
                        the per-resource listing; with --format json it adds a "frameworks" section; with
                        --format html it picks the frameworks the page shows (default: all of them)
  --vulns FILE|DIR      an image vulnerability report (Trivy JSON, Grype JSON, or CycloneDX with
                        vulnerabilities; a directory: each .json file in it); may repeat. PP-WL-025
                        reports workloads running images with fixable critical vulnerabilities; without
                        --vulns it is noted as not assessed
  -f, --filename PATH   another PATH (kubectl style); may repeat
  --stdin-filename NAME the file that standard input stands for, named in reports instead of -
                        (SARIF for GitHub code scanning needs a file for every result)
  --no-color            no colour even on a terminal (NO_COLOR is honoured too)
  --timings             print how long each phase took, on standard error
  --record              after the report is written, store the scan in the history database (time, site,
                        parapet version, counts, and each finding as rule, resource, path and severity;
                        never a message) for \`parapet history\` and \`parapet fleet\`
  --site NAME           the site to record the scan for (default: the kube context of a --cluster scan,
                        else this host's name)
${DB_HELP}
  -h, --help            this help

${CLUSTER_HELP}
Pods are judged at Pod Security "restricted" unless their Namespace (when it is part of the input)
carries pod-security.kubernetes.io/enforce|audit|warn labels, or the policy file sets another level.

Examples:
  parapet scan examples/edge-cluster/site
  parapet scan --format sarif -o parapet.sarif k8s/
  parapet scan --format html -o report.html k8s/
  parapet scan --format policyreport k8s/ | kubectl apply -f -
  helm template shop ./charts/shop | parapet scan -
  parapet scan --format json -o before.json k8s/ && parapet scan --baseline before.json k8s/
  parapet scan --framework cis --framework nsa k8s/
  parapet scan --cluster --context prod --format json -o prod.json
  parapet scan --cluster --record --db postgres://parapet@history.example/parapet

Exit codes: 0 no finding at or above --fail-on; 1 some; 2 usage error, input that could not be read, a
cluster that cannot be reached, or a rule that failed on some object (everything else is still scanned and
reported), or with --record a history database that cannot be opened or reached (the report is still
written).
`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      'fail-on': { type: 'string' },
      policy: { type: 'string' },
      baseline: { type: 'string' },
      'pss-level': { type: 'string' },
      'pss-version': { type: 'string' },
      'max-file-size': { type: 'string' },
      'stdin-filename': { type: 'string' },
      filename: { type: 'string', short: 'f', multiple: true },
      framework: { type: 'string', multiple: true },
      vulns: { type: 'string', multiple: true },
      'no-color': { type: 'boolean' },
      timings: { type: 'boolean' },
      record: { type: 'boolean' },
      site: { type: 'string' },
      db: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      ...CLUSTER_FLAGS,
    },
    'scan',
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const paths = [...positionals, ...(values.filename ?? [])];
  const progress = progressLine();
  if (!values.record && (values.site !== undefined || values.db !== undefined))
    throw new UsageError(`--${values.site !== undefined ? 'site' : 'db'} works only with --record`);
  // the kube context a --cluster scan read, the default site of --record
  let context: string | undefined;
  const cluster = clusterInput(values, paths, progress?.listing);
  const input =
    (cluster &&
      (async () => {
        const read = await cluster();
        context = read.context;
        return read;
      })) ??
    snapshotInput(paths);
  if (paths.length === 0 && input === undefined)
    throw new UsageError(
      'no PATH given: name files or directories, or - for stdin\nRun `parapet scan --help` for usage.',
    );
  const format = oneOf('format', values.format, FORMATS, 'table');
  const pssLevel =
    values['pss-level'] === undefined
      ? undefined
      : oneOf('pss-level', values['pss-level'], PSS_LEVELS, 'restricted');
  const pssVersion = values['pss-version'];
  if (pssVersion !== undefined && !/^(latest|v1\.\d+)$/.test(pssVersion)) {
    throw new UsageError(`--pss-version must be latest or v1.N (got "${pssVersion}")`);
  }
  const frameworks = parseFrameworks(values.framework ?? []);
  if (frameworks.length > 0 && format !== 'table' && format !== 'json' && format !== 'html')
    throw new UsageError(`--framework works with --format table, json or html (got "${format}")`);
  const maxFileSize = parseSize('max-file-size', values['max-file-size'], DEFAULT_MAX_FILE_SIZE);

  const vulnerabilities = values.vulns
    ? await (await import('../supply/vulns.js')).readVulnerabilityReports(values.vulns)
    : undefined;
  const result = await scan({
    paths,
    vulnerabilities,
    catalog: RULES,
    policyFile: values.policy,
    baselineFile: values.baseline,
    maxFileSize,
    stdinName: values['stdin-filename'],
    onProgress: progress?.update,
    onJudging: progress?.judging,
    input,
    pss:
      pssLevel || pssVersion
        ? { ...(pssLevel ? { level: pssLevel } : {}), ...(pssVersion ? { version: pssVersion } : {}) }
        : undefined,
  });
  progress?.clear();
  const failOn = oneOf<Severity | 'none'>(
    'fail-on',
    values['fail-on'],
    [...SEVERITIES, 'none'],
    result.policy.failOn ?? 'high',
  );
  const reporterOptions = { color: useColor(values['no-color'], values.output !== undefined), failOn };
  let text: string | Iterable<string | Uint8Array>;
  if (frameworks.length === 0 && format === 'json') {
    text = (await import('../reporters/json.js')).renderJsonChunks(result.report);
  } else if (format === 'html') {
    // the page shows the coverage of the frameworks asked for, or of every framework
    const view = await import('../reporters/framework.js');
    const catalog = RULES.map((rule) => rule.meta);
    const shown = frameworks.length > 0 ? frameworks : (Object.keys(FRAMEWORKS) as Framework[]);
    const views = shown.map((framework) => view.frameworkView(result.report, framework, catalog));
    text = (await loadReporter('html'))(result.report, { ...reporterOptions, frameworks: views });
  } else if (frameworks.length > 0) {
    // table: the framework view replaces the per-resource listing; json: a `frameworks` section is added
    const view = await import('../reporters/framework.js');
    const catalog = RULES.map((rule) => rule.meta);
    const views = frameworks.map((framework) => view.frameworkView(result.report, framework, catalog));
    text =
      format === 'json'
        ? view.withFrameworksSection((await loadReporter('json'))(result.report, reporterOptions), views)
        : view.renderFrameworkReport(result.report, views, reporterOptions);
  } else {
    text = (await loadReporter(format))(result.report, reporterOptions);
  }
  const reportStart = performance.now();
  await writeOutput(text, values.output);
  if (values.timings) {
    const phases = { ...result.timings, report: Math.round(performance.now() - reportStart) };
    process.stderr.write(
      `parapet scan: ${Object.entries(phases)
        .map(([k, ms]) => `${k} ${ms} ms`)
        .join(', ')}\n`,
    );
  }
  if (values.output !== undefined || format !== 'table') {
    // machine formats keep stdout clean; errors still reach a person on stderr
    for (const note of result.report.notes)
      if (note.level === 'error') process.stderr.write(`parapet scan: ${note.message}\n`);
  }
  if (values.record) {
    const { defaultSite, recordToHistory } = await import('../history/record.js');
    // a database that cannot be reached is a HistoryError: one line, exit 2, the report above already written
    await recordToHistory(result.report, { db: values.db, site: values.site ?? defaultSite(context) });
  }
  if (result.inputErrors || result.ruleErrors) return 2;
  if (failOn === 'none') return 0;
  return result.report.findings.some((f) => !f.suppressed && atLeast(f.severity, failOn)) ? 1 : 0;
}

/** `--framework cis --framework nsa` → their frameworks, each once. */
function parseFrameworks(names: readonly string[]): Framework[] {
  const out: Framework[] = [];
  for (const name of names) {
    const framework = frameworkByShortName(name);
    if (framework === undefined) {
      const known = Object.values(FRAMEWORKS).map((f) => f.short);
      throw new UsageError(`--framework must be one of ${known.join(', ')} (got "${name}")`);
    }
    if (!out.includes(framework)) out.push(framework);
  }
  return out;
}

/**
 * On a terminal, a progress line on stderr while many files are read, then while the rules judge them (once the
 * line is showing: a quick scan never draws it); cleared before the report.
 */
function progressLine():
  | {
      update: (files: number, objects: number) => void;
      listing: (kindsListed: number, kinds: number, objects: number) => void;
      judging: (objects: number, rules: number) => void;
      clear: () => void;
    }
  | undefined {
  if (!process.stderr.isTTY || process.env.CI) return undefined;
  let last = Date.now();
  let shown = false;
  return {
    update(files, objects) {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      shown = true;
      process.stderr.write(`\rparapet: read ${files} files, ${objects} objects\u2026\u001b[K`);
    },
    listing(kindsListed, kinds, objects) {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      shown = true;
      process.stderr.write(
        `\rparapet: listed ${kindsListed}/${kinds} kinds, ${objects} objects\u2026\u001b[K`,
      );
    },
    judging(objects, rules) {
      if (shown)
        process.stderr.write(`\rparapet: judging ${objects} objects by ${rules} rules\u2026\u001b[K`);
    },
    clear() {
      if (shown) process.stderr.write('\r\u001b[K');
    },
  };
}

/** `parapet scan snap.tar.gz`: a snapshot is scanned alone, as the cluster it preserves. */
function snapshotInput(paths: readonly string[]): (() => Promise<ScanInput>) | undefined {
  const snapshots = paths.filter(isSnapshotPath);
  if (snapshots.length === 0) return undefined;
  if (paths.length > 1) throw new UsageError('a snapshot is scanned alone: give it as the only PATH');
  return async () => (await import('../cluster/snapshot.js')).snapshotScanInput(snapshots[0] as string);
}
