/** hostPath volumes expose the node's filesystem and must be forbidden. */
import type { FieldPath } from '../../../inventory/field-path.js';
import type { Denial, PodView, PssCheck } from '../check.js';
import { asList, asRecord, specPath, stringField } from '../pod-fields.js';
import { joinQuote, pluralize } from '../wording.js';

export const hostPathVolumes: PssCheck = {
  id: 'hostPathVolumes',
  level: 'baseline',
  versions: [{ minVersion: 'v1.0', evaluate: hostPathVolumesV1Dot0 }],
};

function hostPathVolumesV1Dot0({ spec }: PodView): Denial | undefined {
  const names: string[] = [];
  const paths: FieldPath[] = [];
  asList(spec.volumes).forEach((item, index) => {
    const volume = asRecord(item);
    if (asRecord(volume?.hostPath) === undefined) return;
    names.push(stringField(volume, 'name'));
    paths.push(specPath('volumes', index, 'hostPath'));
  });
  if (names.length === 0) return undefined;
  return {
    reason: 'hostPath volumes',
    detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}`,
    paths,
  };
}
