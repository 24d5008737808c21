/** What `parapet diff` compares: a snapshot, a manifest directory (Git's desired state), or the live cluster. */
import type { ClusterRead } from '../cluster/read.js';
import { isSnapshotPath, readSnapshot, withoutSecretValues } from '../cluster/snapshot.js';
import type { Note } from '../findings/finding.js';
import { loadManifests } from '../inputs/manifests.js';
import type { DiffSide } from './diff.js';

export interface LoadedSide extends DiffSide {
  notes: Note[];
  inputErrors: boolean;
}

/** The side `--cluster` names: Secrets metadata-only unless read whole, values as fingerprints either way. */
export function clusterSide(read: ClusterRead, readSecrets: boolean): LoadedSide {
  return {
    label: `cluster ${read.server} (context ${read.context})`,
    objects: read.resources.map((r) => withoutSecretValues(r.object)),
    desiredState: false,
    secretsMetadataOnly: !readSecrets,
    notes: read.notes,
    inputErrors: read.inputErrors,
  };
}

/** A snapshot file or manifest files and directories. */
export async function pathSide(path: string): Promise<LoadedSide> {
  if (isSnapshotPath(path)) {
    const { info, resources } = await readSnapshot(path);
    return {
      label: `snapshot ${path} (${info.server}, ${info.takenAt})`,
      objects: resources.map((r) => r.object),
      desiredState: false,
      secretsMetadataOnly: !info.readSecrets,
      notes: info.notes,
      inputErrors: false,
    };
  }
  const loaded = await loadManifests([path]);
  return {
    label: path,
    // Git may hold Secret values: compared by fingerprint, as a snapshot holds them
    objects: loaded.resources.map((r) => withoutSecretValues(r.object)),
    desiredState: true,
    secretsMetadataOnly: false,
    notes: loaded.notes,
    inputErrors: loaded.inputErrors,
  };
}
