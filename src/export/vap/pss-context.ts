/**
 * The Pod Security level and version that hold a namespace, in CEL, as parapet resolves them for rules that defer
 * to Pod Security where it is in effect (settings.ts): the strictest of the namespace's enforce/audit/warn labels
 * (read from `namespaceObject`), else the policy file's default. And whether a given check judges pods there, from
 * the same table of checks per level and version that the scan uses.
 */

import { type PssSettings, pssChecksJudging } from '../../rules/pod-security/settings.js';
import { PSS_CHECKS } from '../../rules/pss/checks/index.js';
import { LATEST_VERSION } from '../../rules/pss/version.js';
import type { PolicyVariable } from './pod-variables.js';

const PREFIX = 'pod-security.kubernetes.io/';
const MODES = ['enforce', 'audit', 'warn'];
/** Strictest first: the first level some label names wins. */
const BY_STRICTNESS = ['restricted', 'baseline', 'privileged'] as const;

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The variables `pssLevel` and `pssVersion` (and the ones they read) for a namespace's pods. */
export function pssVariables(fallback: Pick<PssSettings, 'level' | 'version'>): PolicyVariable[] {
  const labels = 'variables.pssLabels';
  const modes = 'variables.pssModes';
  const levelOf = (m: string) => `${labels}['${PREFIX}' + ${m}]`;
  return [
    {
      name: 'pssLabels',
      expression:
        'namespaceObject != null && has(namespaceObject.metadata) && has(namespaceObject.metadata.labels) ? namespaceObject.metadata.labels : {}',
    },
    {
      name: 'pssModes',
      expression: `[${MODES.map(quote).join(', ')}].filter(m, ('${PREFIX}' + m) in ${labels} && ${levelOf('m')} in [${BY_STRICTNESS.map(quote).join(', ')}])`,
    },
    {
      name: 'pssLevel',
      expression: BY_STRICTNESS.reduceRight(
        (otherwise, level) => `${modes}.exists(m, ${levelOf('m')} == '${level}') ? '${level}' : ${otherwise}`,
        quote(fallback.level),
      ),
    },
    {
      // the version label of the first mode that names the winning level
      name: 'pssVersion',
      expression: `size(${modes}) == 0 ? ${quote(fallback.version)} : ${modes}.filter(m, ${levelOf('m')} == variables.pssLevel).map(m, ('${PREFIX}' + m + '-version') in ${labels} ? ${labels}['${PREFIX}' + m + '-version'] : '${LATEST_VERSION}')[0]`,
    },
  ];
}

/** Every minor at which some check gets a new implementation: between two of them, the checks in effect hold. */
function breakpoints(): number[] {
  const minors = PSS_CHECKS.flatMap((c) => c.versions.map((v) => Number(v.minVersion.slice(3))));
  return [...new Set([0, ...minors])].sort((a, b) => a - b);
}

/** A CEL bool: the check `checkId` judges the pods of the namespace (after pssVariables). */
export function pssJudges(checkId: string): string {
  const version = 'variables.pssVersion';
  const minor = `int(${version}.substring(3))`;
  const cuts = breakpoints();
  const byLevel = BY_STRICTNESS.map((level) => {
    const judgesAt = (v: string) => pssChecksJudging({ level, version: v }).has(checkId);
    // runs of consecutive breakpoints where the check judges, as [from, to) ranges of minors
    const ranges: string[] = [];
    let start: number | undefined;
    cuts.forEach((cut, i) => {
      const judges = judgesAt(`v1.${cut}`);
      if (judges && start === undefined) start = cut;
      if (judges && i < cuts.length - 1) return;
      if (start === undefined) return;
      const to = judges ? undefined : cut;
      ranges.push(to === undefined ? `${minor} >= ${start}` : `(${minor} >= ${start} && ${minor} < ${to})`);
      start = undefined;
    });
    const latest = judgesAt(LATEST_VERSION) ? `${version} == '${LATEST_VERSION}'` : 'false';
    const versioned =
      ranges.length === 0
        ? 'false'
        : `(${version}.matches('^v1\\\\.(0|[1-9][0-9]*)$') && (${ranges.join(' || ')}))`;
    return `(variables.pssLevel == '${level}' && (${latest} || ${versioned}))`;
  });
  return `(${byLevel.join(' || ')})`;
}
