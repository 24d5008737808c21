/**
 * An object as its owner wrote it: what the API server manages (status, managedFields, resourceVersion, uid,
 * generation, creationTimestamp, assigned addresses) removed, and fields the API server defaults removed where
 * they hold the default — so a manifest without `imagePullPolicy` and the cluster's `IfNotPresent` compare equal,
 * while a field set to anything else is still a change.
 */
import { extractPodTemplate, listContainers, type PodSpec } from '../inventory/pod-specs.js';
import type { KubeObject } from '../inventory/resource.js';
import { asArray, asRecord } from '../inventory/values.js';

const SERVER_METADATA = [
  'managedFields',
  'resourceVersion',
  'uid',
  'generation',
  'creationTimestamp',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
];
/** Annotations and labels written by clients and controllers, not by the object's owner. */
const SERVER_ANNOTATIONS = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
];
const SERVER_LABELS = ['kubernetes.io/metadata.name', 'pod-template-hash', 'controller-revision-hash'];

type Defaults = Record<string, unknown>;
/** `field: default` of the API server's defaulting (pkg/apis/<group>/v1/defaults.go), by kind. */
const SPEC_DEFAULTS: Record<string, Defaults> = {
  Deployment: { replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 },
  StatefulSet: { replicas: 1, revisionHistoryLimit: 10, podManagementPolicy: 'OrderedReady' },
  DaemonSet: { revisionHistoryLimit: 10 },
  ReplicaSet: { replicas: 1 },
  Job: { parallelism: 1, completions: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false },
  CronJob: {
    concurrencyPolicy: 'Allow',
    suspend: false,
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 1,
  },
  Service: { type: 'ClusterIP', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster' },
};
const STRATEGY_DEFAULTS: Record<string, [string, unknown]> = {
  Deployment: [
    'strategy',
    { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
  ],
  StatefulSet: ['updateStrategy', { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }],
  DaemonSet: ['updateStrategy', { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } }],
};
/** Assigned by the API server or a controller, never written by the owner. */
const SPEC_ASSIGNED: Record<string, string[]> = {
  Service: ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy'],
  Pod: ['nodeName'],
};
const POD_DEFAULTS: Defaults = {
  restartPolicy: 'Always',
  dnsPolicy: 'ClusterFirst',
  schedulerName: 'default-scheduler',
  terminationGracePeriodSeconds: 30,
  securityContext: {},
  enableServiceLinks: true,
  preemptionPolicy: 'PreemptLowerPriority',
  priority: 0,
  serviceAccountName: 'default',
};
const CONTAINER_DEFAULTS: Defaults = {
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
  resources: {},
};
const PROBE_DEFAULTS: Defaults = {
  timeoutSeconds: 1,
  periodSeconds: 10,
  successThreshold: 1,
  failureThreshold: 3,
};
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const VOLUME_SOURCES_WITH_MODE = ['secret', 'configMap', 'projected', 'downwardAPI'];

export function normalize(object: KubeObject): KubeObject {
  const out = structuredClone(object) as KubeObject;
  delete out.status;
  const kind = String(out.kind);
  const metadata = asRecord(out.metadata);
  if (metadata !== undefined) cleanMetadata(metadata);
  const spec = asRecord(out.spec);
  if (spec !== undefined) {
    dropDefaults(spec, SPEC_DEFAULTS[kind] ?? {});
    const strategy = STRATEGY_DEFAULTS[kind];
    if (strategy !== undefined && equal(spec[strategy[0]], strategy[1])) delete spec[strategy[0]];
    for (const field of SPEC_ASSIGNED[kind] ?? []) delete spec[field];
    if (kind === 'Service')
      for (const port of asArray(spec.ports).map(asRecord)) {
        if (port === undefined) continue;
        if (port.protocol === 'TCP') delete port.protocol;
        if (port.targetPort === port.port) delete port.targetPort;
      }
    if (kind === 'Namespace' && equal(spec.finalizers, ['kubernetes'])) delete spec.finalizers;
    if (Object.keys(spec).length === 0) delete out.spec;
  }
  if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding')
    for (const subject of asArray(out.subjects).map(asRecord))
      if (
        subject !== undefined &&
        (subject.apiGroup === '' || subject.apiGroup === 'rbac.authorization.k8s.io')
      )
        delete subject.apiGroup;
  const template = extractPodTemplate(out, kind);
  if (template !== undefined) {
    cleanMetadata(template.metadata);
    normalizePodSpec(template.spec);
  }
  return out;
}

function cleanMetadata(metadata: Record<string, unknown>): void {
  for (const field of SERVER_METADATA) delete metadata[field];
  for (const [field, keys] of [
    ['annotations', SERVER_ANNOTATIONS],
    ['labels', SERVER_LABELS],
  ] as const) {
    const map = asRecord(metadata[field]);
    if (map === undefined) continue;
    for (const key of keys) delete map[key];
    if (Object.keys(map).length === 0) delete metadata[field];
  }
}

function normalizePodSpec(spec: PodSpec): void {
  dropDefaults(spec, POD_DEFAULTS);
  // the deprecated mirror of serviceAccountName, filled in by the API server
  if (spec.serviceAccount === spec.serviceAccountName || spec.serviceAccountName === undefined)
    delete spec.serviceAccount;
  for (const { container } of listContainers(spec)) {
    dropDefaults(container, CONTAINER_DEFAULTS);
    if (container.imagePullPolicy === defaultPullPolicy(container.image)) delete container.imagePullPolicy;
    for (const port of asArray(container.ports).map(asRecord))
      if (port?.protocol === 'TCP') delete port.protocol;
    for (const probe of PROBES) {
      const value = asRecord(container[probe]);
      if (value !== undefined) dropDefaults(value, PROBE_DEFAULTS);
    }
  }
  for (const volume of asArray(spec.volumes).map(asRecord))
    for (const source of VOLUME_SOURCES_WITH_MODE) {
      const value = asRecord(volume?.[source]);
      if (value?.defaultMode === 420) delete value.defaultMode;
    }
}

/** `Always` for `:latest` or no tag (and no digest), else `IfNotPresent`, as the API server defaults it. */
function defaultPullPolicy(image: unknown): string | undefined {
  if (typeof image !== 'string') return undefined;
  if (image.includes('@')) return 'IfNotPresent';
  const tag = /:([^/:]+)$/.exec(image)?.[1];
  return tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function dropDefaults(holder: Record<string, unknown>, defaults: Defaults): void {
  for (const [field, value] of Object.entries(defaults))
    if (equal(holder[field], value)) delete holder[field];
}

export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && equal((a as never)[k], (b as never)[k]));
}
