/** Small ScanReports for the history tests: findings named by rule and resource, messages that must not be kept. */
import { type Finding, fingerprintOf, type ScanReport } from '../../src/findings/finding.js';
import type { Severity } from '../../src/findings/severity.js';

/** Planted in every message, title and fix: it must never reach the database. */
export const PLANTED = 'PARAPET-PLANTED-SECRET-VALUE';

export interface Spec {
  rule: string;
  name: string;
  severity: Severity;
  namespace?: string;
  suppressed?: boolean;
}

export function finding(spec: Spec): Finding {
  const resource = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: spec.name,
    namespace: spec.namespace ?? 'shop',
  };
  const path = 'spec.template.spec.containers[0].securityContext';
  return {
    ruleId: spec.rule,
    title: `title ${PLANTED}`,
    severity: spec.severity,
    chapter: 'workloads',
    resource: { ...resource, file: `${PLANTED}.yaml`, line: 3 },
    path,
    message: `password=${PLANTED}`,
    remediation: `fix ${PLANTED}`,
    references: [],
    fingerprint: fingerprintOf(spec.rule, resource, path),
    ...(spec.suppressed ? { suppressed: { reason: `accepted ${PLANTED}` } } : {}),
  };
}

export function report(specs: readonly Spec[], resources = 10): ScanReport {
  return {
    tool: { name: 'parapet', version: '0.1.0' },
    findings: specs.map(finding),
    notes: [],
    rules: [],
    resources: Array.from({ length: resources }, (_, i) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: `cm-${i}`,
      namespace: 'shop',
    })),
    unusedExceptions: [],
  };
}

export const DAY = 86_400_000;
