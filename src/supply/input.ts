/** The images of manifests (the inputs `parapet scan` reads) or of a cluster (the cluster front's reader). */
import type { ScanInput } from '../engine/scan.js';
import type { Note } from '../findings/finding.js';
import { loadManifests, type ManifestOptions } from '../inputs/manifests.js';
import { Inventory } from '../inventory/inventory.js';
import { collectImages, type ImageEntry } from './images.js';

export interface ImageInventory {
  entries: ImageEntry[];
  notes: Note[];
  inputErrors: boolean;
}

export async function readImageInventory(
  paths: readonly string[],
  input: (() => Promise<ScanInput>) | undefined,
  options: ManifestOptions = {},
): Promise<ImageInventory> {
  const loaded = input ? await input() : await loadManifests(paths, options);
  return {
    entries: collectImages(new Inventory(loaded.resources)),
    notes: loaded.notes,
    inputErrors: loaded.inputErrors,
  };
}
