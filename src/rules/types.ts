/**
 * What a rule is: metadata (like ESLint's `meta`) and a pure check. A check gets one object, one pod, or the
 * whole inventory, and returns violations with exact field paths; the engine turns them into findings.
 */
import type { Chapter } from '../findings/finding.js';
import type { Severity } from '../findings/severity.js';
import type { FieldPath } from '../inventory/field-path.js';
import type { Inventory } from '../inventory/inventory.js';
import type { ContainerRef, PodTemplate } from '../inventory/pod-specs.js';
import type { Resource } from '../inventory/resource.js';
import type { Reference } from '../references/frameworks.js';
import type { PssSettings } from './pod-security/settings.js';
import type { ImageScan } from './workloads/image-scans.js';

export interface RuleMeta {
  /** Stable id, e.g. `PP-WL-001`. */
  id: string;
  title: string;
  chapter: Chapter;
  severity: Severity;
  /** The book's recommendation, in one sentence. */
  recommendation: string;
  /** Why it matters, for `parapet explain`. */
  rationale?: string;
  /**
   * When the rule deliberately stays silent because the input is only part of the cluster (the objects it would
   * judge against are not in it), completing "Silent when ...": shown by `parapet explain` and the catalog.
   */
  silentWhen?: string;
  remediation: string;
  references: Reference[];
  /**
   * Input beyond the objects that the rule judges: without it the rule does not run, and the scan notes it as not
   * assessed (never passed). `vulnerabilities`: image vulnerability reports (`--vulns`).
   */
  requires?: 'vulnerabilities';
  /** JSON schema of the rule's parameters (validated with ajv), with their defaults. */
  params?: { schema: Record<string, unknown>; defaults: Record<string, unknown> };
  /** Kinds the rule judges, or ['*']; used for dispatch and JUnit test cases. */
  appliesTo: readonly string[];
  /**
   * For a rule that judges parapet's own facts about the platform instead of Kubernetes objects: the fronts that
   * build those facts. `node`: `parapet node`, from a node's files; `cluster`: `parapet scan --cluster`, from what
   * the API server shows besides its objects (its version and certificate, control-plane mirror pods' flags,
   * kubelets' configz). Such kinds (`*.parapet.dev`) are served by no API: a cluster scan does not list them and
   * the webhook does not judge them.
   */
  facts?: readonly FactSource[];
  /**
   * For `parapet explain` and the catalog tests: YAML (one or more documents) that the rule flags, and a fixed
   * version that it passes; with the image scans they are judged with, for a rule that requires them.
   */
  examples?: { fail: string; pass: string; scans?: ImageScan[] };
}

export type FactSource = 'node' | 'cluster';

export interface Violation {
  /** Path from the resource's root to the offending field (or where the missing field belongs). */
  path: FieldPath;
  message: string;
  /** Overrides the rule's severity for this violation (e.g. sensitive hostPaths rank higher). */
  severity?: Severity;
  /**
   * Which of the rule's problems this is, where one field can have several (a certificate both expired and
   * self-signed): it keeps their fingerprints apart, so a baseline that accepts one does not hide the other.
   */
  problem?: string;
  /**
   * The controls this violation concerns, where the rule cites several and a violation breaks only some (a Secret
   * read is CIS 5.1.2, pod creation 5.1.4): the finding cites these instead of all the rule's references, so a
   * framework view fails only the controls actually broken.
   */
  references?: Reference[];
}

/** A violation found by an inventory-wide rule, which names its resource. */
export interface ResourceViolation extends Violation {
  resource: Resource;
}

export interface RuleContext<P = Record<string, unknown>> {
  inventory: Inventory;
  /** The rule's parameters: defaults merged with the policy file's values. */
  params: P;
  /** Pod Security level and version for a namespace (namespace labels, policy file, or default). */
  pss: (namespace: string) => PssSettings;
  /** Image vulnerability scans (`--vulns`), for rules that require them; undefined when none were given. */
  vulnerabilities?: readonly ImageScan[];
}

/** A pod-bearing resource under check: its template and containers, with path helpers. */
export interface PodUnderCheck {
  resource: Resource;
  template: PodTemplate;
  containers: readonly ContainerRef[];
}

export interface ObjectRule<P = Record<string, unknown>> {
  meta: RuleMeta;
  target: 'object';
  check(resource: Resource, context: RuleContext<P>): Iterable<Violation>;
}

export interface PodRule<P = Record<string, unknown>> {
  meta: RuleMeta;
  target: 'pod';
  check(pod: PodUnderCheck, context: RuleContext<P>): Iterable<Violation>;
}

export interface InventoryRule<P = Record<string, unknown>> {
  meta: RuleMeta;
  target: 'inventory';
  check(context: RuleContext<P>): Iterable<ResourceViolation>;
}

// biome-ignore lint/suspicious/noExplicitAny: rules are stored together whatever their parameter type
export type Rule<P = any> = ObjectRule<P> | PodRule<P> | InventoryRule<P>;

/** Joins a pod template's spec path with a path inside the spec. */
export function specPath(pod: PodUnderCheck, ...rest: FieldPath): FieldPath {
  return [...pod.template.specPath, ...rest];
}

/** Joins a container's path (inside the pod spec) with a path inside the container. */
export function containerPath(pod: PodUnderCheck, container: ContainerRef, ...rest: FieldPath): FieldPath {
  return [...pod.template.specPath, ...container.path, ...rest];
}

/**
 * Thrown by a check that could not judge one object for a reason of the input, not a bug (a custom rule's CEL
 * erred on it): the object gets a warning note with this message, and the scan's exit code does not change.
 */
export class RuleNote extends Error {
  override name = 'RuleNote';
}
