/**
 * Restricted pods may use only volume types that carry no node or network access of their own: ephemeral and
 * projected data, and persistent storage claimed through PersistentVolumeClaims (or CSI / image sources).
 * Replaces hostPathVolumes at restricted, hostPath being one of the forbidden types.
 */
import type { FieldPath } from '../../../inventory/field-path.js';
import type { Denial, PodView, PssCheck } from '../check.js';
import { asList, asRecord, specPath, stringField } from '../pod-fields.js';
import { joinQuote, pluralize, sortedUnique } from '../wording.js';

export const restrictedVolumes: PssCheck = {
  id: 'restrictedVolumes',
  level: 'restricted',
  overrides: ['hostPathVolumes'],
  versions: [{ minVersion: 'v1.0', evaluate: restrictedVolumesV1Dot0 }],
};

/** Allowed sources. `image` was added to the v1.0 implementation (Kubernetes 1.33), so it applies at every version. */
export const ALLOWED_SOURCES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

/** Forbidden sources, in the order PSA tests them (the first one present names the volume's type). */
export const RESTRICTED_SOURCES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
];

function restrictedVolumesV1Dot0({ spec }: PodView): Denial | undefined {
  const names: string[] = [];
  const types: string[] = [];
  const paths: FieldPath[] = [];
  asList(spec.volumes).forEach((item, index) => {
    const volume = asRecord(item);
    if (volume === undefined) return;
    const has = (source: string) => asRecord(volume[source]) !== undefined;
    if (ALLOWED_SOURCES.some(has)) return;
    // A volume with no source at all is defaulted to emptyDir by the API server before admission sees it.
    const type = RESTRICTED_SOURCES.find(has);
    if (type === undefined) return;
    names.push(stringField(volume, 'name'));
    types.push(type);
    paths.push(specPath('volumes', index, type));
  });
  if (names.length === 0) return undefined;
  const typeList = sortedUnique(types);
  return {
    reason: 'restricted volume types',
    detail: [
      pluralize('volume', 'volumes', names.length),
      joinQuote(names),
      pluralize('uses', 'use', names.length),
      pluralize('restricted volume type', 'restricted volume types', typeList.length),
      joinQuote(typeList),
    ].join(' '),
    paths,
  };
}
