/**
 * Pod Security Standards evaluation that agrees with Kubernetes Pod Security Admission: for a level and policy
 * version, pick each check's implementation in effect, drop baseline checks that restricted ones replace, and run
 * them in PSA's order.
 */
import type { FieldPath } from '../../inventory/field-path.js';
import type { CheckFn, CheckLevel, PssCheck } from './check.js';
import { PSS_CHECKS } from './checks/index.js';
import { asRecord } from './pod-fields.js';
import { type PolicyMinor, parsePolicyVersion } from './version.js';

export type PssLevel = 'privileged' | 'baseline' | 'restricted';

export interface PssViolation {
  check: string;
  reason: string;
  detail: string;
  /** Offending fields relative to the pod object, starting with 'spec' or 'metadata'. */
  paths: FieldPath[];
  /** The level of the check that found it: baseline checks stay 'baseline' when evaluated at restricted. */
  level: CheckLevel;
}

export interface PssResult {
  allowed: boolean;
  violations: PssViolation[];
}

interface ActiveCheck {
  check: PssCheck;
  evaluate: CheckFn;
}

/** Each check's implementations with their versions parsed once. */
const VERSIONED = PSS_CHECKS.map((check) => ({
  check,
  versions: check.versions.map((v) => ({ minor: parsePolicyVersion(v.minVersion), evaluate: v.evaluate })),
}));

const activeCache = new Map<string, ActiveCheck[]>();

/** The checks in effect: the newest implementation whose version is at or below the requested one. */
function activeChecks(level: CheckLevel, minor: PolicyMinor): ActiveCheck[] {
  const key = `${level}@${minor}`;
  const cached = activeCache.get(key);
  if (cached) return cached;

  const inEffect: ActiveCheck[] = [];
  for (const { check, versions } of VERSIONED) {
    if (level === 'baseline' && check.level === 'restricted') continue;
    const current = versions.filter((v) => v.minor <= minor).at(-1);
    if (current) inEffect.push({ check, evaluate: current.evaluate });
  }
  // A restricted check in effect replaces the baseline checks it overrides.
  const overridden = new Set(
    inEffect.flatMap(({ check }) => (check.level === 'restricted' ? (check.overrides ?? []) : [])),
  );
  const active = inEffect.filter(({ check }) => check.level === 'restricted' || !overridden.has(check.id));
  activeCache.set(key, active);
  return active;
}

function checkedLevel(level: PssLevel): CheckLevel | undefined {
  if (level === 'baseline' || level === 'restricted') return level;
  if (level === 'privileged') return undefined;
  throw new Error(
    `invalid Pod Security Standards level ${JSON.stringify(level)}: expected "privileged", "baseline" or "restricted"`,
  );
}

/** The checks in effect for a level and policy version ('v1.N' or 'latest'), in reporting order. */
export function checksFor(level: PssLevel, version: string): { id: string; level: CheckLevel }[] {
  const minor = parsePolicyVersion(version);
  const checkLevel = checkedLevel(level);
  if (checkLevel === undefined) return [];
  return activeChecks(checkLevel, minor).map(({ check }) => ({ id: check.id, level: check.level }));
}

/**
 * Evaluates a pod (or pod template) at a level and policy version. `metadata` and `spec` are the raw decoded
 * objects; malformed fields are read as absent, never thrown on. Throws only on an invalid level or version.
 */
export function evaluatePod(
  level: PssLevel,
  version: string,
  metadata: Record<string, unknown>,
  spec: Record<string, unknown>,
): PssResult {
  const minor = parsePolicyVersion(version);
  const checkLevel = checkedLevel(level);
  if (checkLevel === undefined) return { allowed: true, violations: [] };
  const pod = { metadata: asRecord(metadata) ?? {}, spec: asRecord(spec) ?? {} };
  const violations: PssViolation[] = [];
  for (const { check, evaluate } of activeChecks(checkLevel, minor)) {
    const denial = evaluate(pod);
    if (denial) violations.push({ check: check.id, level: check.level, ...denial });
  }
  return { allowed: violations.length === 0, violations };
}
