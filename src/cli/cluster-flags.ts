/** `parapet scan --cluster`: its flags, their help, and the scan input they describe (the cluster read). */
import type { ClusterRead } from '../cluster/read.js';
import { RULES } from '../rules/registry.js';
import { parseSeconds, UsageError } from './args.js';

export const CLUSTER_FLAGS = {
  cluster: { type: 'boolean' },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  namespace: { type: 'string', short: 'n' },
  'all-namespaces': { type: 'boolean', short: 'A' },
  concurrency: { type: 'string' },
  'request-timeout': { type: 'string' },
  'read-secrets': { type: 'boolean' },
} as const;

export const CLUSTER_HELP = `Live cluster (instead of PATH):
  --cluster             read the objects from the cluster of the kubeconfig's current context (read-only:
                        get and list; deploy/rbac.yaml is the ClusterRole it needs); in a pod, its
                        ServiceAccount is used. Objects are reported by uid instead of file and line
  --kubeconfig FILE     kubeconfig to use (default: KUBECONFIG, else ~/.kube/config)
  --context NAME        kubeconfig context to use (default: the current one)
  -n, --namespace NS    only this namespace (and its Namespace object); no cluster-scoped kinds
  -A, --all-namespaces  every namespace and the cluster-scoped kinds (the default)
  --concurrency N       requests in flight at most (default 4)
  --request-timeout S   seconds per request before it is retried (default 30; 30s and 1m work too)
  --read-secrets        read Secrets whole (for the certificate and credential rules); by default only
                        their metadata is read. Values are never printed
`;

export interface ClusterFlagValues {
  cluster?: boolean;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  'all-namespaces'?: boolean;
  concurrency?: string;
  'request-timeout'?: string;
  'read-secrets'?: boolean;
}

/** Cluster flags given without --cluster, or with paths, are mistakes worth saying. */
export function clusterInput(
  values: ClusterFlagValues,
  paths: readonly string[],
  onProgress?: (kindsListed: number, kinds: number, objects: number) => void,
  /** Read the platform facts too (scan, snapshot); diff compares objects only. */
  platform = true,
): (() => Promise<ClusterRead>) | undefined {
  if (!values.cluster) {
    const stray = (Object.keys(CLUSTER_FLAGS) as (keyof ClusterFlagValues)[]).find(
      (f) => values[f] !== undefined,
    );
    if (stray !== undefined) throw new UsageError(`--${stray} works only with --cluster`);
    return undefined;
  }
  if (paths.length > 0) throw new UsageError(`--cluster reads the cluster, not PATH (got "${paths[0]}")`);
  if (values.namespace !== undefined && values['all-namespaces'])
    throw new UsageError('--namespace and --all-namespaces exclude each other');
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1))
    throw new UsageError(`--concurrency takes a whole number of at least 1 (got "${values.concurrency}")`);
  const timeout = parseSeconds('request-timeout', values['request-timeout']);
  return async () => {
    const { readCluster } = await import('../cluster/read.js');
    return readCluster({
      catalog: RULES,
      kubeconfig: values.kubeconfig,
      context: values.context,
      namespace: values.namespace,
      readSecrets: values['read-secrets'],
      concurrency,
      requestTimeoutMs: timeout === undefined ? undefined : timeout * 1000,
      onProgress,
      platform,
    });
  };
}

/**
 * What a command that reads workloads judges: PATH arguments (and `-f`), or the cluster with `--cluster`. Neither
 * is a usage error naming the command.
 */
export function pathsOrCluster(
  values: ClusterFlagValues & { filename?: string[] },
  positionals: readonly string[],
  command: string,
): { paths: string[]; input: ReturnType<typeof clusterInput> } {
  const paths = [...positionals, ...(values.filename ?? [])];
  const input = clusterInput(values, paths);
  if (paths.length === 0 && input === undefined)
    throw new UsageError(
      `no PATH given: name manifests, or use --cluster\nRun \`parapet ${command} --help\` for usage.`,
    );
  return { paths, input };
}
