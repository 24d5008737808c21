/**
 * Pod Security Standards evaluation that agrees with Kubernetes Pod Security Admission: for a level and policy
 * version, pick each check's implementation in effect, drop baseline checks that restricted ones replace, and run
 * them in PSA's order.
 */
import type { FieldPath } from '../../inventory/field-path.js';
import type { CheckFn, CheckLevel, PodView, PssCheck } from './check.js';
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

/**
 * For `parapet scan`, which ranks baseline findings above restricted ones: `evaluatePod`, except that at restricted
 * a baseline check that a restricted one replaces still reports what it finds, and the restricted check reports
 * only what lies beyond it. So a pod fails the same baseline checks at restricted as at baseline, at the same rank,
 * and no field is reported twice. (`parapet pss` keeps Pod Security Admission's exact replacement.)
 */
export function evaluatePodLayered(
  level: PssLevel,
  version: string,
  metadata: Record<string, unknown>,
  spec: Record<string, unknown>,
): PssResult {
  const result = evaluatePod(level, version, metadata, spec);
  if (level !== 'restricted' || !result.violations.some((v) => REPLACING.has(v.check))) return result;
  const baseline = evaluatePod('baseline', version, metadata, spec).violations;
  const active = activeChecks('restricted', parsePolicyVersion(version));
  const violations: PssViolation[] = [];
  for (const violation of result.violations) {
    const check = active.find((a) => a.check.id === violation.check);
    const replaced = baseline.filter((b) => check?.check.overrides?.includes(b.check));
    if (check === undefined || replaced.length === 0) {
      violations.push(violation);
      continue;
    }
    violations.push(...replaced);
    const beyond = beyondBaseline(violation, replaced, check.evaluate, { metadata, spec });
    if (beyond !== undefined) violations.push(beyond);
  }
  return { allowed: violations.length === 0, violations };
}

/** The restricted checks that replace baseline ones. */
const REPLACING = new Set(PSS_CHECKS.filter((c) => (c.overrides ?? []).length > 0).map((c) => c.id));

/**
 * What a restricted check finds beyond the baseline checks it replaces: nothing when they flag every field it
 * flags; else the check judged again on the pod with the baseline-flagged fields masked (set to null, which every
 * check reads as absent), so its detail names only the rest. Masking keeps list indices, so paths stay exact.
 */
function beyondBaseline(
  violation: PssViolation,
  replaced: readonly PssViolation[],
  evaluate: CheckFn,
  pod: PodView,
): PssViolation | undefined {
  const flagged = new Set(replaced.flatMap((b) => b.paths.map(pathKey)));
  if (violation.paths.every((path) => flagged.has(pathKey(path)))) return undefined;
  if (!violation.paths.some((path) => flagged.has(pathKey(path)))) return violation;
  let view = pod;
  for (const path of replaced.flatMap((b) => b.paths)) view = masked(view, path);
  const denial = evaluate(view);
  if (denial === undefined || denial.paths.every((path) => flagged.has(pathKey(path)))) return undefined;
  return { check: violation.check, level: violation.level, ...denial };
}

function pathKey(path: FieldPath): string {
  return JSON.stringify(path);
}

/** `pod` with the value at `path` (from `spec` or `metadata`) set to null; only the objects on the path are copied. */
function masked(pod: PodView, path: FieldPath): PodView {
  const [head, ...rest] = path;
  if (head !== 'spec' && head !== 'metadata') return pod;
  return { ...pod, [head]: withNull(pod[head], rest) };
}

function withNull(holder: unknown, path: FieldPath): Record<string, unknown> {
  const [key, ...rest] = path;
  const copy: Record<string, unknown> = Array.isArray(holder)
    ? (Object.assign([], holder) as unknown as Record<string, unknown>)
    : { ...(asRecord(holder) ?? {}) };
  if (key === undefined) return copy;
  const k = String(key);
  copy[k] = rest.length === 0 ? null : withNull(copy[k], rest);
  return copy;
}
