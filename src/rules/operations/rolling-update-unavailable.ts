import type { FieldPath } from '../../inventory/field-path.js';
import { describeResource, type Resource } from '../../inventory/resource.js';
import { NIST, NSA } from '../../references/controls.js';
import { webDeployment } from '../examples.js';
import { asRecord } from '../helpers.js';
import type { ObjectRule, Violation } from '../types.js';
import {
  deploymentRollout,
  formatIntOrPercent,
  intOrPercent,
  type ReplicaCount,
  replicaCount,
  scaled,
} from './workloads.js';

/** The example Deployment with a rolling update of `rollingUpdate`. */
function rollingWeb(rollingUpdate: string): string {
  return webDeployment({
    specFields: ['replicas: 2', 'strategy:', '  type: RollingUpdate', `  rollingUpdate: ${rollingUpdate}`],
    labels: 'app: web',
    containers: ['- {name: app, image: ghcr.io/acme/shop-web:1.8.0}'],
  });
}

const DEPLOYMENT_PATH: FieldPath = ['spec', 'strategy', 'rollingUpdate', 'maxUnavailable'];
const STATEFULSET_PATH: FieldPath = ['spec', 'updateStrategy', 'rollingUpdate', 'maxUnavailable'];

function replicasPhrase(replicas: ReplicaCount): string {
  const n = `${replicas.count} replica${replicas.count === 1 ? '' : 's'}`;
  return replicas.hpa === undefined ? n : `${n} (the minimum of ${describeResource(replicas.hpa)})`;
}

function violation(
  resource: Resource,
  path: FieldPath,
  down: number,
  replicas: ReplicaCount,
  why: string,
): Violation {
  const all =
    replicas.count === 1
      ? `its only replica${replicas.hpa === undefined ? '' : ` (the minimum of ${describeResource(replicas.hpa)})`}`
      : down === replicas.count
        ? `all ${replicasPhrase(replicas)}`
        : `${down} of its ${replicasPhrase(replicas)}`;
  return {
    path,
    message: `${describeResource(resource)} lets a rolling update take down ${all} at once (${why}), so every update is an outage; set maxUnavailable below the replica count (for a Deployment: 0, with maxSurge: 1)`,
  };
}

/** Deployment: see deploymentRollout for the rounding. */
function checkDeployment(resource: Resource, replicas: ReplicaCount): Violation | undefined {
  const rollout = deploymentRollout(resource, replicas.count);
  if (rollout === undefined || rollout.down < replicas.count) return undefined;
  const unavailable = `maxUnavailable: ${formatIntOrPercent(rollout.maxUnavailable)}`;
  const why = rollout.forcedDown
    ? `${unavailable} and maxSurge: ${formatIntOrPercent(rollout.maxSurge)} both round to 0, so Kubernetes takes down 1`
    : unavailable;
  return violation(resource, DEPLOYMENT_PATH, rollout.down, replicas, why);
}

/**
 * StatefulSet (maxUnavailable needs the MaxUnavailableStatefulSet feature): rounds down, at least 1. Judged only
 * when set and with 2+ replicas; a StatefulSet cannot surge, so a single replica goes down whatever the setting.
 */
function checkStatefulSet(resource: Resource, replicas: ReplicaCount): Violation | undefined {
  const strategy = asRecord(asRecord(resource.object.spec)?.updateStrategy);
  if ((strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate' || replicas.count < 2) return undefined;
  const raw = asRecord(strategy?.rollingUpdate)?.maxUnavailable;
  if (raw === undefined || raw === null) return undefined;
  const maxUnavailable = intOrPercent(raw);
  if (maxUnavailable === undefined) return undefined;
  const down = Math.max(1, scaled(maxUnavailable, replicas.count, false));
  const why = `maxUnavailable: ${formatIntOrPercent(maxUnavailable)}`;
  return down >= replicas.count ? violation(resource, STATEFULSET_PATH, down, replicas, why) : undefined;
}

/** A rolling update that may stop every pod before a new one is ready is a Recreate in disguise. */
export const rollingUpdateUnavailable: ObjectRule = {
  meta: {
    id: 'PP-OPS-004',
    title: 'Rolling update can take every replica down',
    chapter: 'operations',
    severity: 'medium',
    recommendation:
      "Keep a rolling update's maxUnavailable below the replica count, so updates never take the service down.",
    rationale:
      'maxUnavailable is how many pods a rolling update may stop before their replacements are ready (a percentage of the replicas, rounded down; if maxSurge also rounds to 0, Kubernetes uses 1). When it reaches the replica count the update is an outage, and teams learn to postpone updates, security patches included. With a HorizontalPodAutoscaler the count is its minReplicas. StatefulSets are judged only where maxUnavailable is set (it needs the MaxUnavailableStatefulSet feature); `Recreate` strategies are a deliberate choice and not reported.',
    remediation:
      'For a Deployment set `maxUnavailable: 0` and `maxSurge: 1` (or 25%); for a StatefulSet keep `maxUnavailable` below `replicas`.',
    references: [NSA.upgrades, NIST.imageVulnerabilities],
    appliesTo: ['Deployment', 'StatefulSet'],
    examples: {
      fail: rollingWeb('{maxUnavailable: 100%, maxSurge: 0}'),
      pass: rollingWeb('{maxUnavailable: 0, maxSurge: 1}'),
    },
  },
  target: 'object',
  *check(resource, { inventory }) {
    const replicas = replicaCount(inventory, resource);
    if (replicas === undefined || replicas.count === 0) return;
    const found =
      resource.kind === 'Deployment'
        ? checkDeployment(resource, replicas)
        : resource.kind === 'StatefulSet'
          ? checkStatefulSet(resource, replicas)
          : undefined;
    if (found !== undefined) yield found;
  },
};
