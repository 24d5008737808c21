/**
 * The digests a cluster actually runs: a Pod's `status.containerStatuses[].imageID` (and the init and ephemeral
 * ones) names the image the node pulled, also where the template names only a tag. Pods made by a controller in
 * the inventory count for their top owner (the Deployment of the ReplicaSet of the Pod), which is what the rules
 * and `parapet images` report.
 */
import type { Inventory } from '../../inventory/inventory.js';
import { extractPodTemplate } from '../../inventory/pod-specs.js';
import type { Resource } from '../../inventory/resource.js';
import { asArray, asRecord } from '../helpers.js';

const STATUS_LISTS = ['initContainerStatuses', 'containerStatuses', 'ephemeralContainerStatuses'];
const DIGEST_IN_ID = /(sha256:[a-f0-9]{64})$/;

/** `docker.io/library/nginx@sha256:…`, `docker-pullable://nginx@sha256:…` or a bare `sha256:…` → the digest. */
export function digestOfImageId(imageID: unknown): string | undefined {
  if (typeof imageID !== 'string') return undefined;
  return DIGEST_IN_ID.exec(imageID.trim())?.[1];
}

/** The top controller in the inventory that owns `resource` through pod templates, or the resource itself. */
export function topOwnerOf(inventory: Inventory, resource: Resource): Resource {
  let current = resource;
  for (let depth = 0; depth < 8; depth++) {
    const owner = inventory.controllerOf(current);
    if (owner === undefined || extractPodTemplate(owner.object, owner.kind) === undefined) break;
    current = owner;
  }
  return current;
}

type RunningIndex = Map<Resource, Map<string, Set<string>>>;
const indexes = new WeakMap<Inventory, RunningIndex>();

function runningIndex(inventory: Inventory): RunningIndex {
  let index = indexes.get(inventory);
  if (index !== undefined) return index;
  index = new Map();
  for (const pod of inventory.byKind('Pod')) {
    const status = asRecord(pod.object.status);
    if (status === undefined) continue;
    const owner = topOwnerOf(inventory, pod);
    for (const list of STATUS_LISTS) {
      for (const item of asArray(status[list])) {
        const entry = asRecord(item);
        const digest = digestOfImageId(entry?.imageID);
        if (digest === undefined || typeof entry?.name !== 'string') continue;
        let byContainer = index.get(owner);
        if (byContainer === undefined) {
          byContainer = new Map();
          index.set(owner, byContainer);
        }
        let digests = byContainer.get(entry.name);
        if (digests === undefined) {
          digests = new Set();
          byContainer.set(entry.name, digests);
        }
        digests.add(digest);
      }
    }
  }
  indexes.set(inventory, index);
  return index;
}

/** The digests the cluster's Pods report for one container of a workload, sorted; [] for manifests. */
export function runningDigests(inventory: Inventory, workload: Resource, container: string): string[] {
  return [...(runningIndex(inventory).get(workload)?.get(container) ?? [])].sort();
}
