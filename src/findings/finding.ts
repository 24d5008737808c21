import { hash } from 'node:crypto';
import type { Reference } from '../references/frameworks.js';
import type { Severity } from './severity.js';

export type Chapter = 'platform' | 'workloads' | 'operations' | 'data' | 'network';
export const CHAPTERS: readonly Chapter[] = ['platform', 'workloads', 'operations', 'data', 'network'];

/** The resource a finding is about, as reporters print it. */
export interface ResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
  /** The file as named on the command line; absent for cluster objects. */
  file?: string;
  /** 1-based line and column of the offending field (or of the object, where the field is absent). */
  line?: number;
  column?: number;
  /** Helm template that produced the object (`# Source:`). */
  helmSource?: string;
  uid?: string;
}

export interface Suppression {
  reason: string;
  /** ISO date (YYYY-MM-DD) after which the exception stops suppressing. */
  expires?: string;
}

export interface Finding {
  ruleId: string;
  title: string;
  severity: Severity;
  chapter: Chapter;
  resource: ResourceRef;
  /** The offending field, e.g. `spec.template.spec.containers[0].securityContext.privileged`. */
  path: string;
  message: string;
  remediation: string;
  references: Reference[];
  /** Set when a policy exception covers this finding: it is reported, not counted. */
  suppressed?: Suppression;
  /** Stable identity across runs: rule, resource (kind/namespace/name) and path; never the file or line. */
  fingerprint: string;
}

export function fingerprintOf(
  ruleId: string,
  resource: Pick<ResourceRef, 'kind' | 'namespace' | 'name'>,
  path: string,
  problem?: string,
): string {
  // one-shot hash: a scan may fingerprint a hundred thousand findings
  const key = `${ruleId}\u0000${resource.kind}\u0000${resource.namespace}\u0000${resource.name}\u0000${path}`;
  return hash('sha256', problem === undefined ? key : `${key}\u0000${problem}`).slice(0, 32);
}

/** A non-finding event worth telling the user: a skipped document, an unreadable file, a rule turned off. */
export interface Note {
  level: 'error' | 'warning' | 'info';
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

/** Everything a reporter needs: pure data. */
export interface ScanReport {
  tool: { name: 'parapet'; version: string };
  findings: Finding[];
  notes: Note[];
  /** Rules that ran, for SARIF's rule table and JUnit's test cases. */
  rules: RuleSummary[];
  /** Every resource scanned, for JUnit's resource × rule test cases. */
  resources: ResourceRef[];
  /** Exceptions from the policy file that matched nothing. */
  unusedExceptions: { rule: string; reason: string }[];
}

export interface RuleSummary {
  id: string;
  title: string;
  chapter: Chapter;
  severity: Severity;
  recommendation: string;
  remediation: string;
  references: Reference[];
  /** Resource kinds the rule looks at, for JUnit ('*' for all). */
  appliesTo?: readonly string[];
}
