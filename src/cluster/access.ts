/**
 * Which cluster, as whom: a kubeconfig (`--kubeconfig`, else KUBECONFIG, else ~/.kube/config) and its context, or
 * the pod's ServiceAccount when running in a cluster. The official client reads the kubeconfig (exec plugins,
 * client certificates, OIDC); it is imported here only, so commands that never reach a cluster never load it.
 */
import type { Agent, RequestOptions } from 'node:https';

/** A problem reaching or configuring the cluster: one line for the user, exit 2. */
export class ClusterError extends Error {
  override name = 'ClusterError';
}

export interface AccessOptions {
  kubeconfig?: string;
  context?: string;
}

export interface ClusterAccess {
  server: string;
  /** The kubeconfig context, or `in-cluster`. */
  context: string;
  /** Fresh TLS agent and auth headers for a request (tokens from exec plugins may rotate). */
  requestOptions(): Promise<RequestOptions & { agent?: Agent }>;
}

export async function loadAccess(options: AccessOptions): Promise<ClusterAccess> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const config = new KubeConfig();
  try {
    if (options.kubeconfig !== undefined) config.loadFromFile(options.kubeconfig);
    else config.loadFromDefault();
  } catch (error) {
    throw new ClusterError(
      `cannot load kubeconfig ${options.kubeconfig ?? process.env.KUBECONFIG ?? ''}: ${firstLine(error)}`.replace(
        / +:/,
        ':',
      ),
    );
  }
  if (options.context !== undefined) {
    if (config.getContextObject(options.context) === null)
      throw new ClusterError(`context "${options.context}" is not in the kubeconfig`);
    config.setCurrentContext(options.context);
  }
  const cluster = config.getCurrentCluster();
  if (cluster === null || !cluster.server)
    throw new ClusterError(
      'no cluster to scan: no kubeconfig (--kubeconfig, KUBECONFIG, ~/.kube/config) and not in a pod',
    );
  // without any configuration the client falls back to http://localhost:8080, which is never what a scan means
  if (
    config.getCurrentContext() === 'loaded-context' &&
    cluster.name === 'cluster' &&
    cluster.server === 'http://localhost:8080'
  )
    throw new ClusterError(
      'no cluster to scan: no kubeconfig (--kubeconfig, KUBECONFIG, ~/.kube/config) and not in a pod',
    );
  const context =
    config.getCurrentContext() === 'inClusterContext' ? 'in-cluster' : config.getCurrentContext();
  return {
    server: cluster.server.replace(/\/+$/, ''),
    context,
    async requestOptions() {
      const options: RequestOptions & { agent?: Agent } = {};
      try {
        await config.applyToHTTPSOptions(options);
      } catch (error) {
        throw new ClusterError(`cannot authenticate to ${cluster.server}: ${firstLine(error)}`);
      }
      return options;
    },
  };
}

export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? '';
}
