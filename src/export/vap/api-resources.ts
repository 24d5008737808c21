/**
 * The API group, version and resource (plural) of each kind an exported policy can match, and the match
 * constraints' resource rules built from them. Pod controllers first: every pod rule matches all of them.
 */
import { POD_CONTROLLER_KINDS } from '../../inventory/pod-specs.js';

export interface ApiResource {
  group: string;
  version: string;
  resource: string;
}

export const POD_CONTROLLER_RESOURCES: Readonly<Record<string, ApiResource>> = {
  Pod: { group: '', version: 'v1', resource: 'pods' },
  PodTemplate: { group: '', version: 'v1', resource: 'podtemplates' },
  ReplicationController: { group: '', version: 'v1', resource: 'replicationcontrollers' },
  Deployment: { group: 'apps', version: 'v1', resource: 'deployments' },
  ReplicaSet: { group: 'apps', version: 'v1', resource: 'replicasets' },
  StatefulSet: { group: 'apps', version: 'v1', resource: 'statefulsets' },
  DaemonSet: { group: 'apps', version: 'v1', resource: 'daemonsets' },
  Job: { group: 'batch', version: 'v1', resource: 'jobs' },
  CronJob: { group: 'batch', version: 'v1', resource: 'cronjobs' },
};

/** Other kinds that rules (built-in or custom) judge one object at a time. */
const OTHER_RESOURCES: Readonly<Record<string, ApiResource>> = {
  Service: { group: '', version: 'v1', resource: 'services' },
  ConfigMap: { group: '', version: 'v1', resource: 'configmaps' },
  Secret: { group: '', version: 'v1', resource: 'secrets' },
  ServiceAccount: { group: '', version: 'v1', resource: 'serviceaccounts' },
  Namespace: { group: '', version: 'v1', resource: 'namespaces' },
  PersistentVolumeClaim: { group: '', version: 'v1', resource: 'persistentvolumeclaims' },
  Ingress: { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses' },
  NetworkPolicy: { group: 'networking.k8s.io', version: 'v1', resource: 'networkpolicies' },
  Role: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'roles' },
  RoleBinding: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'rolebindings' },
  ClusterRole: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles' },
  ClusterRoleBinding: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterrolebindings' },
  PodDisruptionBudget: { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets' },
  HorizontalPodAutoscaler: { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers' },
  APIService: { group: 'apiregistration.k8s.io', version: 'v1', resource: 'apiservices' },
};

export function apiResourceOf(kind: string): ApiResource | undefined {
  return POD_CONTROLLER_RESOURCES[kind] ?? OTHER_RESOURCES[kind];
}

export interface ResourceRule {
  apiGroups: string[];
  apiVersions: string[];
  operations: string[];
  resources: string[];
}

/** One resource rule per API group for the kinds, on CREATE and UPDATE; or the first kind with no known resource. */
export function resourceRulesFor(kinds: readonly string[]): ResourceRule[] | { unknownKind: string } {
  const byGroup = new Map<string, ResourceRule>();
  for (const kind of kinds) {
    const info = apiResourceOf(kind);
    if (info === undefined) return { unknownKind: kind };
    let rule = byGroup.get(info.group);
    if (rule === undefined) {
      rule = {
        apiGroups: [info.group],
        apiVersions: [info.version],
        operations: ['CREATE', 'UPDATE'],
        resources: [],
      };
      byGroup.set(info.group, rule);
    }
    if (!rule.resources.includes(info.resource)) rule.resources.push(info.resource);
  }
  return [...byGroup.values()];
}

/** Resource rules covering every pod controller kind. */
export function podResourceRules(kinds: readonly string[] = POD_CONTROLLER_KINDS): ResourceRule[] {
  const rules = resourceRulesFor(kinds);
  if ('unknownKind' in rules)
    throw new Error(`no API resource known for pod controller ${rules.unknownKind}`);
  return rules;
}
