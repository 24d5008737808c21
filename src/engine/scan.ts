/**
 * The scan pipeline: inputs → inventory → rules → findings → (exceptions, baseline) → report. The CLI is a thin
 * shell around this; other fronts call evaluate() directly.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Finding, Note, ScanReport } from '../findings/finding.js';
import {
  type LoadedManifests,
  loadManifests,
  type ManifestOptions,
  POLICY_FILE_NAMES,
} from '../inputs/manifests.js';
import { Inventory } from '../inventory/inventory.js';
import type { Resource } from '../inventory/resource.js';
import { type PssSettings, pssResolver } from '../rules/pod-security/settings.js';
import { type Rule, RuleNote } from '../rules/types.js';
import type { ImageScan } from '../rules/workloads/image-scans.js';
import { VERSION } from '../version.js';
import { newSince, readBaseline } from './baseline.js';
import { forEachViolation, lacksInput } from './evaluate.js';
import { applyExceptions } from './exceptions.js';
import { findingOf, resourceRef } from './findings.js';
import { topOwners } from './owners.js';
import { activeRules, DEFAULT_POLICY, loadPolicy, type Policy } from './policy.js';

export interface ScanOptions extends ManifestOptions {
  paths: readonly string[];
  catalog: readonly Rule[];
  policyFile?: string;
  baselineFile?: string;
  /** Overrides the policy's Pod Security default (namespace labels still win). */
  pss?: Partial<PssSettings>;
  /** YYYY-MM-DD, for exception expiry; today by default. */
  today?: string;
  /** Reads the objects instead of `paths` (a live cluster); `paths` then only seeds policy discovery. */
  input?: () => Promise<ScanInput>;
  /** Told when the rules start, with how much they have to judge (for a progress line). */
  onJudging?: (objects: number, rules: number) => void;
  /** Image vulnerability scans (`--vulns`), for the rules that require them. */
  vulnerabilities?: readonly ImageScan[];
}

export type ScanInput = Pick<LoadedManifests, 'resources' | 'notes' | 'inputErrors'>;

export interface ScanResult {
  report: ScanReport;
  /** Milliseconds per phase (read and parse, rules and findings, exceptions and baseline), for --timings. */
  timings: Record<string, number>;
  policy: Policy;
  inputErrors: boolean;
  /** A rule threw on some object (each such object is named in a note; every other judgement stands). */
  ruleErrors: boolean;
}

/** parapet.yaml in the first scanned directory that has one. */
async function discoverPolicy(paths: readonly string[]): Promise<string | undefined> {
  for (const p of paths) {
    if (p === '-') continue;
    const info = await stat(p).catch(() => undefined);
    if (!info?.isDirectory()) continue;
    for (const name of POLICY_FILE_NAMES) {
      const candidate = path.join(p, name);
      if (await stat(candidate).catch(() => undefined)) return candidate;
    }
  }
  return undefined;
}

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const policyFile = options.policyFile ?? (await discoverPolicy(options.paths));
  const policy = policyFile ? await loadPolicy(policyFile, options.catalog) : DEFAULT_POLICY;
  const baseline = options.baselineFile ? await readBaseline(options.baselineFile) : undefined;

  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (phase: string) => {
    const now = performance.now();
    timings[phase] = Math.round(now - mark);
    mark = now;
  };
  const loaded = options.input ? await options.input() : await loadManifests(options.paths, options);
  lap('read and parse');
  const inventory = new Inventory(loaded.resources);
  const notes: Note[] = [...loaded.notes];
  // a rule whose input is missing is not assessed: it is noted, and left out of the report's rules so that no
  // coverage view counts it as passed
  const rules = activeRules(options.catalog, policy).filter(({ rule }) => {
    const missing = lacksInput(rule, options);
    if (missing !== undefined)
      notes.push({ level: 'info', message: `not assessed: ${rule.meta.id} ${rule.meta.title}: ${missing}` });
    return missing === undefined;
  });
  options.onJudging?.(inventory.resources.length, rules.length);
  const pssDefault: PssSettings =
    options.pss?.level || options.pss?.version
      ? { ...policy.pss, ...options.pss, source: 'command line' }
      : policy.pss;
  // exceptions may select by labels, which live on the resource, not the finding
  const owners = new Map<Finding, Resource>();
  const keepOwners = policy.exceptions.length > 0;
  let findings: Finding[] = [];
  let ruleErrors = false;
  forEachViolation(
    inventory,
    rules,
    {
      pss: pssResolver(inventory, pssDefault),
      only: topOwners(inventory),
      vulnerabilities: options.vulnerabilities,
      onRuleError: (note, error) => {
        // a custom rule's CEL erring on one object is a note on it, not a failed scan
        if (!(error instanceof RuleNote)) ruleErrors = true;
        notes.push(note);
      },
    },
    (active, resource, violation) => {
      const finding = findingOf(active, resource, violation);
      findings.push(finding);
      if (keepOwners) owners.set(finding, resource);
    },
  );
  lap('rules and findings');
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const exceptions = applyExceptions(findings, owners, policy.exceptions, today);
  notes.push(...exceptions.notes);
  if (baseline) {
    const { fresh, known } = newSince(findings, baseline);
    findings = fresh;
    if (known > 0)
      notes.push({
        level: 'info',
        message: `${known} finding(s) already in baseline ${options.baselineFile} not shown`,
      });
  }
  if (policyFile) notes.push({ level: 'info', message: `policy: ${policyFile}` });

  lap('exceptions and baseline');
  return {
    policy,
    timings,
    inputErrors: loaded.inputErrors,
    ruleErrors,
    report: {
      tool: { name: 'parapet', version: VERSION },
      findings,
      notes,
      rules: rules.map(({ rule, severity }) => ({
        id: rule.meta.id,
        title: rule.meta.title,
        chapter: rule.meta.chapter,
        severity,
        recommendation: rule.meta.recommendation,
        remediation: rule.meta.remediation,
        references: rule.meta.references,
        appliesTo: rule.meta.appliesTo,
      })),
      resources: loaded.resources.map((r) => resourceRef(r, [])),
      unusedExceptions: exceptions.unused,
    },
  };
}
