/** Privileged containers disable most isolation: `securityContext.privileged` must be unset or false. */
import type { Denial, PodView, PssCheck } from '../check.js';
import { podContainers } from '../pod-fields.js';
import { containersPhrase } from '../wording.js';

export const privileged: PssCheck = {
  id: 'privileged',
  level: 'baseline',
  versions: [{ minVersion: 'v1.0', evaluate: privilegedV1Dot0 }],
};

function privilegedV1Dot0({ spec }: PodView): Denial | undefined {
  const bad = podContainers(spec).filter((c) => c.securityContext?.privileged === true);
  if (bad.length === 0) return undefined;
  return {
    reason: 'privileged',
    detail: `${containersPhrase(bad.map((c) => c.name))} must not set securityContext.privileged=true`,
    paths: bad.map((c) => c.at('securityContext', 'privileged')),
  };
}
