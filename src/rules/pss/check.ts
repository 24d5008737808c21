/**
 * The shape of a Pod Security Standards check, after PSA's `policy.Check`: an id, the level it belongs to, the
 * baseline checks it replaces at restricted, and its implementations by the first policy version they apply to.
 */
import type { FieldPath } from '../../inventory/field-path.js';

export type CheckLevel = 'baseline' | 'restricted';

/** The pod under evaluation: raw decoded metadata and spec, never trusted to have the right shapes. */
export interface PodView {
  metadata: Record<string, unknown>;
  spec: Record<string, unknown>;
}

/** Why a check forbids a pod, in PSA's words, with the offending fields (relative to the pod object). */
export interface Denial {
  reason: string;
  detail: string;
  paths: FieldPath[];
}

/** Returns a denial, or undefined when the check allows the pod. */
export type CheckFn = (pod: PodView) => Denial | undefined;

export interface VersionedCheck {
  /** First policy version this implementation applies to; it applies until the next entry's version. */
  minVersion: `v1.${number}`;
  evaluate: CheckFn;
}

export interface PssCheck {
  /** PSA's check id, e.g. `capabilities_baseline`. */
  id: string;
  level: CheckLevel;
  /**
   * Baseline check ids this restricted check replaces wherever it is in effect (PSA's `OverrideCheckIDs`): the
   * restricted version is stricter, so running both would only repeat the same finding.
   */
  overrides?: readonly string[];
  /** Implementations, oldest first; before the first one's version the check does not exist. */
  versions: readonly VersionedCheck[];
}
