/**
 * One admission request → one decision. The object is judged by the engine with an Inventory holding just it, the
 * policy's exceptions apply as in a scan, and each remaining violation acts per its rule's mode.
 */
import type { ActiveRule } from '../engine/evaluate.js';
import { evaluate } from '../engine/evaluate.js';
import { applyExceptions } from '../engine/exceptions.js';
import { findingOf } from '../engine/findings.js';
import type { AdmissionMode, Policy } from '../engine/policy.js';
import type { Finding } from '../findings/finding.js';
import { Inventory } from '../inventory/inventory.js';
import { type KubeObject, type Resource, toResource } from '../inventory/resource.js';
import { pssResolver } from '../rules/pod-security/settings.js';
import type { ModeResolver } from './modes.js';
import type { AdmissionRequest, AdmissionResponse } from './review.js';

/** What the server judges with; swapped whole on a policy reload. */
export interface JudgeState {
  policy: Policy;
  rules: readonly ActiveRule[];
  modes: ModeResolver;
}

export interface Violated {
  ruleId: string;
  path: string;
  mode: AdmissionMode;
  message: string;
  remediation: string;
}

/** `skipped`: not judged (DELETE, CONNECT, no object); `exempt`: covered by an exemption. */
export type Decision = 'allow' | 'warn' | 'deny' | 'skipped' | 'exempt';

export interface Judgement {
  response: AdmissionResponse;
  decision: Decision;
  violations: Violated[];
  exemption?: string;
  /** Rules that threw on the object (the others still judged it). */
  ruleErrors: string[];
}

/** The API server's limits are generous, but a person reads these: kept short and bounded. */
export const LIMITS = { warnings: 10, warningChars: 120, messageChars: 4000, itemChars: 400 };

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

function judgeObject(state: JudgeState, object: KubeObject, namespace: string, ruleErrors: string[]) {
  const decoded = toResource(object, {}, 0);
  if (decoded === undefined) return undefined;
  // on CREATE the namespace is often only in the request
  const resource: Resource = namespace && !decoded.namespace ? { ...decoded, namespace } : decoded;
  const inventory = new Inventory([resource]);
  const violations = evaluate(inventory, state.rules, {
    pss: pssResolver(inventory, state.policy.pss),
    only: new Set([resource]),
    onRuleError: (note) => ruleErrors.push(note.message),
  });
  const owners = new Map<Finding, Resource>();
  const findings = violations.map(({ active, violation }) => {
    const finding = findingOf(active, resource, violation);
    owners.set(finding, resource);
    return finding;
  });
  applyExceptions(findings, owners, state.policy.exceptions, new Date().toISOString().slice(0, 10));
  return { resource, findings: findings.filter((f) => f.suppressed === undefined) };
}

/**
 * `namespaceLabels`: the labels of the request's namespace, looked up by the server when the policy selects
 * namespaces by label (undefined when it does not, or when they could not be read).
 */
export function judge(
  state: JudgeState,
  request: AdmissionRequest,
  namespaceLabels?: Readonly<Record<string, string>>,
): Judgement {
  const ruleErrors: string[] = [];
  const allow = (decision: Decision, extra: Partial<Judgement> = {}): Judgement => ({
    response: { uid: request.uid, allowed: true },
    decision,
    violations: [],
    ruleErrors,
    ...extra,
  });
  if (request.operation === 'DELETE' || request.operation === 'CONNECT' || request.object === undefined) {
    return allow('skipped');
  }
  const requestNamespace = { name: request.namespace, labels: namespaceLabels };
  const exemption = state.modes.exemption(requestNamespace, request.user.username, request.user.groups);
  if (exemption !== undefined) return allow('exempt', { exemption });

  const judged = judgeObject(state, request.object, request.namespace, ruleErrors);
  if (judged === undefined) return allow('skipped');
  // the object's own namespace where the request names none; its labels are the request namespace's
  const namespace = { name: judged.resource.namespace, labels: namespaceLabels };
  // on UPDATE with `onUpdate: new`, what the old object already had is only audited
  const known = new Set<string>();
  if (request.operation === 'UPDATE' && request.oldObject && state.policy.admission?.onUpdate === 'new') {
    const old = judgeObject(state, request.oldObject, request.namespace, ruleErrors);
    for (const f of old?.findings ?? []) known.add(f.fingerprint);
  }
  const violations: Violated[] = judged.findings.map((f) => ({
    ruleId: f.ruleId,
    path: f.path,
    mode: known.has(f.fingerprint) ? 'audit' : state.modes.mode(f.ruleId, namespace),
    message: f.message,
    remediation: f.remediation,
  }));
  const response: AdmissionResponse = { uid: request.uid, allowed: true };
  const denied = violations.filter((v) => v.mode === 'deny');
  const warned = violations.filter((v) => v.mode === 'warn');
  if (denied.length > 0) {
    response.allowed = false;
    response.status = { code: 403, message: denyMessage(judged.resource, denied) };
  }
  if (warned.length > 0) response.warnings = warnings(warned);
  if (violations.length > 0) {
    response.auditAnnotations = {
      violations: clip(
        violations.map((v) => `${v.ruleId}:${v.mode}:${v.path}`).join(','),
        LIMITS.messageChars,
      ),
    };
  }
  const decision: Decision = denied.length > 0 ? 'deny' : warned.length > 0 ? 'warn' : 'allow';
  return { response, decision, violations, ruleErrors };
}

function describe(resource: Resource): string {
  return resource.namespace
    ? `${resource.kind} ${resource.namespace}/${resource.name}`
    : `${resource.kind} ${resource.name}`;
}

/** `parapet denied Deployment shop/web: PP-PSS-001 at spec…privileged: message. Fix: …` — one line per violation. */
export function denyMessage(resource: Resource, denied: readonly Violated[]): string {
  const lines = [`parapet denied ${describe(resource)} (${denied.length} violation(s)):`];
  let size = lines[0]?.length ?? 0;
  for (const [i, v] of denied.entries()) {
    const line = clip(
      `- ${v.ruleId} at ${v.path || '(object)'}: ${v.message} Fix: ${v.remediation}`,
      LIMITS.itemChars,
    );
    if (size + line.length + 1 > LIMITS.messageChars - 40) {
      lines.push(`- and ${denied.length - i} more (see \`parapet explain\`)`);
      break;
    }
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

/** One short warning per violation, naming the rule and the field; a bounded number. */
export function warnings(warned: readonly Violated[]): string[] {
  const out = warned
    .slice(0, LIMITS.warnings)
    .map((v) => clip(`parapet ${v.ruleId} at ${v.path || '(object)'}: ${v.message}`, LIMITS.warningChars));
  if (warned.length > LIMITS.warnings)
    out.push(`parapet: ${warned.length - LIMITS.warnings} more violation(s)`);
  return out;
}
