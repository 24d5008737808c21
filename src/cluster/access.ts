/**
 * Which cluster, as whom: a kubeconfig (`--kubeconfig`, else KUBECONFIG, else ~/.kube/config) and its context, or
 * the pod's ServiceAccount when running in a cluster. The official client reads the kubeconfig (exec plugins,
 * client certificates, OIDC); it is imported here only, so commands that never reach a cluster never load it.
 */
import { existsSync } from 'node:fs';
import type { Agent, RequestOptions } from 'node:https';
import path from 'node:path';

/** A problem reaching or configuring the cluster: one line for the user, exit 2. */
export class ClusterError extends Error {
  override name = 'ClusterError';
}

export interface AccessOptions {
  kubeconfig?: string;
  context?: string;
  /**
   * Where the pod's filesystem root is, for the ServiceAccount files
   * (`<root>/var/run/secrets/kubernetes.io/serviceaccount/{token,ca.crt}`): `/` in a pod; tests point it at a
   * temporary directory.
   */
  inClusterRoot?: string;
}

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

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
    else {
      config.loadFromDefault();
      // no kubeconfig anywhere: in a pod, its ServiceAccount (KUBERNETES_SERVICE_HOST/PORT, token, CA)
      if (isFallback(config) && inPod(options.inClusterRoot ?? '/'))
        config.loadFromCluster((options.inClusterRoot ?? '/').replace(/\/+$/, ''));
    }
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
  if (isFallback(config))
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

/** The client's stand-in when it found no configuration at all. */
function isFallback(config: import('@kubernetes/client-node').KubeConfig): boolean {
  const cluster = config.getCurrentCluster();
  return (
    config.getCurrentContext() === 'loaded-context' &&
    cluster?.name === 'cluster' &&
    cluster.server === 'http://localhost:8080'
  );
}

/** A pod with a ServiceAccount token mounted and the API server's address in its environment. */
function inPod(root: string): boolean {
  return (
    process.env.KUBERNETES_SERVICE_HOST !== undefined &&
    existsSync(path.join(root, SERVICE_ACCOUNT_DIR, 'token'))
  );
}

export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? '';
}
