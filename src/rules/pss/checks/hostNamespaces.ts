/** Sharing the host's network, PID or IPC namespace must be disallowed. */
import type { FieldPath } from '../../../inventory/field-path.js';
import type { Denial, PodView, PssCheck } from '../check.js';
import { specPath } from '../pod-fields.js';

export const hostNamespaces: PssCheck = {
  id: 'hostNamespaces',
  level: 'baseline',
  versions: [{ minVersion: 'v1.0', evaluate: hostNamespacesV1Dot0 }],
};

export const HOST_NAMESPACE_FIELDS = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

function hostNamespacesV1Dot0({ spec }: PodView): Denial | undefined {
  const set: string[] = [];
  const paths: FieldPath[] = [];
  for (const field of HOST_NAMESPACE_FIELDS) {
    if (spec[field] !== true) continue;
    set.push(`${field}=true`);
    paths.push(specPath(field));
  }
  if (set.length === 0) return undefined;
  return { reason: 'host namespaces', detail: set.join(', '), paths };
}
