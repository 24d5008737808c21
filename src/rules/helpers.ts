/** Small helpers shared by rule modules, so each rule reads as its logic alone. */
import { asArray, asRecord } from '../inventory/values.js';

export { asArray, asRecord } from '../inventory/values.js';

import { type ContainerRef, isNativeSidecar } from '../inventory/pod-specs.js';
import { describeResource } from '../inventory/resource.js';
import type { PodUnderCheck } from './types.js';

/** `container `app` in Deployment `shop/web`` (or init, sidecar, ephemeral container): how messages name a container. */
export function describeContainer(pod: PodUnderCheck, container: ContainerRef): string {
  const kind = isNativeSidecar(container)
    ? 'sidecar container'
    : container.type === 'initContainers'
      ? 'init container'
      : container.type === 'ephemeralContainers'
        ? 'ephemeral container'
        : 'container';
  return `${kind} \`${container.name}\` in ${describeResource(pod.resource)}`;
}

/** The container's securityContext, or {} when it has none. */
export function securityContextOf(container: ContainerRef): Record<string, unknown> {
  return asRecord(container.container.securityContext) ?? {};
}

/**
 * Containers that run for the pod's life, native sidecars included (other init containers and ephemeral ones
 * excluded): resources and probes apply to them.
 */
export function runningContainers(pod: PodUnderCheck): ContainerRef[] {
  return pod.containers.filter((c) => c.type === 'containers' || isNativeSidecar(c));
}

/** Containers (by name) that mount `volume` without `readOnly: true`, and whether any container mounts it. */
export function mountsOf(pod: PodUnderCheck, volume: string): { writable: string[]; mounted: boolean } {
  const writable: string[] = [];
  let mounted = false;
  for (const container of pod.containers) {
    for (const mount of asArray(container.container.volumeMounts)) {
      const m = asRecord(mount);
      if (m?.name !== volume) continue;
      mounted = true;
      if (m.readOnly !== true && !writable.includes(container.name)) writable.push(container.name);
    }
  }
  return { writable, mounted };
}
