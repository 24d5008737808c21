/** Windows HostProcess containers run with the node's privileges: `windowsOptions.hostProcess` must not be true. */
import type { FieldPath } from '../../../inventory/field-path.js';
import type { Denial, PodView, PssCheck } from '../check.js';
import { asRecord, podContainers, podContextPath, podSecurityContext } from '../pod-fields.js';
import { containersPhrase } from '../wording.js';

export const windowsHostProcess: PssCheck = {
  id: 'windowsHostProcess',
  level: 'baseline',
  versions: [{ minVersion: 'v1.0', evaluate: windowsHostProcessV1Dot0 }],
};

function hostProcess(securityContext: Record<string, unknown> | undefined): boolean {
  return asRecord(securityContext?.windowsOptions)?.hostProcess === true;
}

function windowsHostProcessV1Dot0({ spec }: PodView): Denial | undefined {
  const setters: string[] = [];
  const paths: FieldPath[] = [];
  if (hostProcess(podSecurityContext(spec))) {
    setters.push('pod');
    paths.push(podContextPath('windowsOptions', 'hostProcess'));
  }
  const bad = podContainers(spec).filter((c) => hostProcess(c.securityContext));
  if (bad.length > 0) {
    setters.push(containersPhrase(bad.map((c) => c.name)));
    paths.push(...bad.map((c) => c.at('securityContext', 'windowsOptions', 'hostProcess')));
  }
  if (setters.length === 0) return undefined;
  return {
    reason: 'hostProcess',
    detail: `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`,
    paths,
  };
}
