/**
 * The site's image inventory: every image the pod specs run (containers, init and ephemeral containers, of every
 * pod controller), with the workloads that run it, from the same inventory the rules judge. Workloads are the top
 * owners (a Deployment, not its ReplicaSets and Pods); a cluster's Pods add the digests they actually run.
 */
import { topOwners } from '../engine/owners.js';
import type { Inventory } from '../inventory/inventory.js';
import { namespaceOf } from '../inventory/inventory.js';
import { type ContainerType, listContainers } from '../inventory/pod-specs.js';
import { type ImageRef, parseImage, pullsLatest } from '../rules/workloads/image-ref.js';
import { runningDigests } from '../rules/workloads/running-images.js';

export interface ImageUse {
  kind: string;
  namespace: string;
  name: string;
  container: string;
  containerType: ContainerType;
  /** `imagePullPolicy` as written, or Kubernetes' default for the reference (marked by `pullPolicyDefault`). */
  pullPolicy: string;
  pullPolicyDefault: boolean;
}

export interface ImageEntry {
  /** The reference as the pod spec writes it. */
  image: string;
  ref: ImageRef;
  /** The manifest digest: pinned in the reference, or what the cluster's Pods report running. */
  digest?: string;
  digestSource?: 'reference' | 'cluster';
  uses: ImageUse[];
}

/** Kubernetes' default pull policy: Always for `latest` or no tag (without a digest), else IfNotPresent. */
function defaultPullPolicy(ref: ImageRef): string {
  return pullsLatest(ref) ? 'Always' : 'IfNotPresent';
}

/** `Deployment shop/web`, as the inventory and the BOM name a workload. */
export function workloadName(use: Pick<ImageUse, 'kind' | 'namespace' | 'name'>): string {
  return use.namespace ? `${use.kind} ${use.namespace}/${use.name}` : `${use.kind} ${use.name}`;
}

/** Every image in use, one entry per reference and digest, sorted by reference. */
export function collectImages(inventory: Inventory): ImageEntry[] {
  const judged = topOwners(inventory);
  const entries = new Map<string, ImageEntry>();
  const add = (image: string, ref: ImageRef, use: ImageUse, running?: string) => {
    const digest = ref.digest ?? running;
    const key = `${image} ${digest ?? ''}`;
    let entry = entries.get(key);
    if (entry === undefined) {
      entry = { image, ref, uses: [] };
      if (digest !== undefined) {
        entry.digest = digest;
        entry.digestSource = ref.digest !== undefined ? 'reference' : 'cluster';
      }
      entries.set(key, entry);
    }
    if (!entry.uses.some((u) => workloadName(u) === workloadName(use) && u.container === use.container))
      entry.uses.push(use);
  };
  for (const workload of inventory.podWorkloads()) {
    const { resource } = workload;
    if (judged !== undefined && !judged.has(resource)) continue;
    for (const container of listContainers(workload.template.spec)) {
      const image = container.container.image;
      const ref = parseImage(image);
      if (ref === undefined) continue;
      const written = container.container.imagePullPolicy;
      const use: ImageUse = {
        kind: resource.kind,
        namespace: namespaceOf(resource),
        name: resource.name,
        container: container.name,
        containerType: container.type,
        pullPolicy: typeof written === 'string' ? written : defaultPullPolicy(ref),
        pullPolicyDefault: typeof written !== 'string',
      };
      const running = ref.digest === undefined ? runningDigests(inventory, resource, container.name) : [];
      if (running.length === 0) add(ref.raw, ref, use);
      for (const digest of running) add(ref.raw, ref, use, digest);
    }
  }
  return [...entries.values()].sort(
    (a, b) => a.image.localeCompare(b.image) || (a.digest ?? '').localeCompare(b.digest ?? ''),
  );
}
