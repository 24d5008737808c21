/**
 * A content rule's object (the event's requestObject, or on a patch the stored object) judged by catalog rules
 * through the engine, as the admission webhook judges one object: pod-spec extraction, Pod Security checks and
 * sensitive-path tables are the ones `parapet scan` uses, never a second copy.
 */
import { type ActiveRule, evaluate } from '../engine/evaluate.js';
import { Inventory } from '../inventory/inventory.js';
import { POD_CONTROLLER_KINDS } from '../inventory/pod-specs.js';
import { type KubeObject, toResource } from '../inventory/resource.js';
import { DEFAULT_PSS, pssResolver } from '../rules/pod-security/settings.js';
import { findRule } from '../rules/registry.js';
import { type AuditEvent, judgedObject } from './event.js';

/** pods → Pod, cronjobs → CronJob: a requestObject sent without kind still reaches the rules for its kind. */
const KIND_OF_RESOURCE = new Map(POD_CONTROLLER_KINDS.map((kind) => [`${kind.toLowerCase()}s`, kind]));

/** What the catalog rules found in one event's object: rule id → their messages. */
export type ObjectFindings = Map<string, string[]>;

const NONE: ObjectFindings = new Map();

export class ObjectJudge {
  private readonly rules: ActiveRule[];

  constructor(ids: readonly string[]) {
    this.rules = [...new Set(ids)].map((id) => {
      const rule = findRule(id);
      if (rule === undefined) throw new Error(`no catalog rule ${id}`);
      return { rule, severity: rule.meta.severity, params: rule.meta.params?.defaults ?? {} };
    });
  }

  /** Every finding of the judging rules on the event's object; empty when there is no object to judge. */
  judge(event: AuditEvent): ObjectFindings {
    const object = judgedObject(event);
    if (object === undefined || this.rules.length === 0) return NONE;
    const ref = event.objectRef;
    const kind = typeof object.kind === 'string' ? object.kind : KIND_OF_RESOURCE.get(ref?.resource ?? '');
    if (kind === undefined) return NONE;
    const metadata = (object.metadata ?? {}) as Record<string, unknown>;
    // on create the name and namespace are often only in the request's URL
    const filled: KubeObject = {
      ...object,
      apiVersion: typeof object.apiVersion === 'string' ? object.apiVersion : 'v1',
      kind,
      metadata: {
        ...metadata,
        name: metadata.name ?? ref?.name ?? metadata.generateName,
        namespace: metadata.namespace ?? ref?.namespace,
      },
    };
    const resource = toResource(filled, {}, 0);
    if (resource === undefined) return NONE;
    const inventory = new Inventory([resource]);
    const out: ObjectFindings = new Map();
    for (const { active, violation } of evaluate(inventory, this.rules, {
      pss: pssResolver(inventory, DEFAULT_PSS),
      // a rule that throws on a malformed object leaves it unjudged by that rule only
      onRuleError: () => {},
    })) {
      const list = out.get(active.rule.meta.id);
      if (list === undefined) out.set(active.rule.meta.id, [violation.message]);
      else list.push(violation.message);
    }
    return out;
  }
}
