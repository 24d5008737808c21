/** The compact form the bootstrap policy is written in; src/rbac/bootstrap/objects.ts expands it to manifests. */
export interface BootstrapClusterRole {
  name: string;
  /** `[apiGroups, resources, verbs, resourceNames?]`, each space-separated; `""` is the core group. */
  rows: [string, string, string, string?][];
  /** `[urls, verbs]`, space-separated. */
  nonResourceURLs?: [string, string][];
  /** The label key (value "true") its aggregationRule selects. */
  aggregateFrom?: string;
  /** Carries `rbac.authorization.k8s.io/aggregate-to-<aggregateTo>: "true"`. */
  aggregateTo?: 'admin' | 'edit' | 'view';
}

export interface BootstrapBinding {
  name: string;
  role: string;
  /** `Group:name`, `User:name`, `ServiceAccount:ns/name`. */
  subjects: string[];
}
