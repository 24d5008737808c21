/** The bootstrap policy expanded to the manifests a cluster holds, so the model reads them like any input. */
import { type Resource, toResource } from '../../inventory/resource.js';
import { BOOTSTRAP_CLUSTER_ROLE_BINDINGS } from './cluster-role-bindings.js';
import { BOOTSTRAP_CLUSTER_ROLES } from './cluster-roles.js';
import { BOOTSTRAP_SOURCE } from './source.js';

const API_VERSION = 'rbac.authorization.k8s.io/v1';
const DEFAULTS_LABEL = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };

const list = (text: string): string[] => text.split(' ').map((item) => (item === '""' ? '' : item));

export const BUILT_IN_CLUSTER_ROLE_NAMES: ReadonlySet<string> = new Set(
  BOOTSTRAP_CLUSTER_ROLES.map((role) => role.name),
);

function clusterRoleObject(role: (typeof BOOTSTRAP_CLUSTER_ROLES)[number]): Record<string, unknown> {
  const labels: Record<string, string> = { ...DEFAULTS_LABEL };
  if (role.aggregateTo) labels[`rbac.authorization.k8s.io/aggregate-to-${role.aggregateTo}`] = 'true';
  const rules: Record<string, unknown>[] = role.rows.map(([groups, resources, verbs, names]) => ({
    apiGroups: list(groups),
    resources: list(resources),
    verbs: list(verbs),
    ...(names ? { resourceNames: list(names) } : {}),
  }));
  for (const [urls, verbs] of role.nonResourceURLs ?? [])
    rules.push({ nonResourceURLs: list(urls), verbs: list(verbs) });
  return {
    apiVersion: API_VERSION,
    kind: 'ClusterRole',
    metadata: { name: role.name, labels },
    ...(role.aggregateFrom
      ? { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [role.aggregateFrom]: 'true' } }] } }
      : {}),
    rules,
  };
}

function subjectObject(subject: string): Record<string, unknown> {
  const colon = subject.indexOf(':');
  const kind = subject.slice(0, colon);
  const rest = subject.slice(colon + 1);
  if (kind !== 'ServiceAccount') return { apiGroup: 'rbac.authorization.k8s.io', kind, name: rest };
  const [namespace, name] = rest.split('/');
  return { kind, name, namespace };
}

let cached: Resource[] | undefined;

/** The built-in ClusterRoles and ClusterRoleBindings as Resources (origin: the bootstrap policy, not a file). */
export function bootstrapResources(): readonly Resource[] {
  if (cached !== undefined) return cached;
  const origin = { helmSource: `built-in (${BOOTSTRAP_SOURCE})` };
  const objects = [
    ...BOOTSTRAP_CLUSTER_ROLES.map(clusterRoleObject),
    ...BOOTSTRAP_CLUSTER_ROLE_BINDINGS.map((binding) => ({
      apiVersion: API_VERSION,
      kind: 'ClusterRoleBinding',
      metadata: { name: binding.name, labels: { ...DEFAULTS_LABEL } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: binding.role },
      subjects: binding.subjects.map(subjectObject),
    })),
  ];
  cached = objects.map((object, index) => toResource(object, origin, -1 - index) as Resource);
  return cached;
}
