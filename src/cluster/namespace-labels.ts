/**
 * One Namespace's labels, read with `get namespaces` (the only right it needs): what the webhook asks when its
 * policy selects namespaces by label. The kubeconfig (or the pod's ServiceAccount) is loaded on the first read, so
 * a webhook whose policy never selects by label never touches the cluster.
 */
import { stringRecord } from '../inventory/resource.js';
import { type AccessOptions, loadAccess } from './access.js';
import { ApiClient, ApiError, type ApiOptions } from './api.js';

export interface NamespaceLabelReader {
  /** Loads the kubeconfig (or the pod's ServiceAccount) ahead of the first read. */
  prepare(): Promise<void>;
  /** The namespace's labels; {} for a namespace that does not exist. */
  read(name: string): Promise<Readonly<Record<string, string>>>;
}

export function namespaceLabelReader(options: AccessOptions & ApiOptions): NamespaceLabelReader {
  let client: Promise<ApiClient> | undefined;
  const connect = () => {
    // a failed load (no kubeconfig yet, a bad file) is tried again on the next read, not remembered
    client ??= loadAccess(options).then(
      (access) => new ApiClient(access, { attempts: 2, ...options }),
      (error: unknown) => {
        client = undefined;
        throw error;
      },
    );
    return client;
  };
  return {
    async prepare() {
      await connect();
    },
    async read(name) {
      const api = await connect();
      try {
        const namespace = await api.get(`/api/v1/namespaces/${encodeURIComponent(name)}`);
        const metadata = namespace.metadata as Record<string, unknown> | undefined;
        return stringRecord(metadata?.labels);
      } catch (error) {
        // a namespace that does not exist has no labels; the API server refuses the request itself anyway
        if (error instanceof ApiError && error.status === 404) return {};
        throw error;
      }
    },
  };
}
