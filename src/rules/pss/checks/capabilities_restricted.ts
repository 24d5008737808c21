/**
 * Containers must drop ALL capabilities and may add back only NET_BIND_SERVICE. From v1.25 Windows pods are exempt
 * (capabilities are Linux-only). Replaces capabilities_baseline at restricted, being strictly stronger.
 */
import type { FieldPath } from '../../../inventory/field-path.js';
import type { Denial, PodView, PssCheck } from '../check.js';
import { asList, asRecord, isWindowsPod, podContainers } from '../pod-fields.js';
import { containersPhrase, joinQuote, sortedUnique } from '../wording.js';

export const capabilitiesRestricted: PssCheck = {
  id: 'capabilities_restricted',
  level: 'restricted',
  overrides: ['capabilities_baseline'],
  versions: [
    { minVersion: 'v1.22', evaluate: capabilitiesRestrictedV1Dot22 },
    { minVersion: 'v1.25', evaluate: capabilitiesRestrictedV1Dot25 },
  ],
};

function capabilitiesRestrictedV1Dot22({ spec }: PodView): Denial | undefined {
  const missingDropAll: string[] = [];
  const addingForbidden: string[] = [];
  const forbidden: string[] = [];
  const paths: FieldPath[] = [];
  for (const c of podContainers(spec)) {
    const capabilities = asRecord(c.securityContext?.capabilities);
    if (!asList(capabilities?.drop).includes('ALL')) {
      missingDropAll.push(c.name);
      paths.push(c.at('securityContext', 'capabilities', 'drop'));
    }
    let adds = false;
    asList(capabilities?.add).forEach((capability, index) => {
      if (typeof capability !== 'string' || capability === 'NET_BIND_SERVICE') return;
      adds = true;
      forbidden.push(capability);
      paths.push(c.at('securityContext', 'capabilities', 'add', index));
    });
    if (adds) addingForbidden.push(c.name);
  }
  const details: string[] = [];
  if (missingDropAll.length > 0) {
    details.push(`${containersPhrase(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  }
  if (addingForbidden.length > 0) {
    details.push(
      `${containersPhrase(addingForbidden)} must not include ${joinQuote(sortedUnique(forbidden))} in securityContext.capabilities.add`,
    );
  }
  if (details.length === 0) return undefined;
  return { reason: 'unrestricted capabilities', detail: details.join('; '), paths };
}

function capabilitiesRestrictedV1Dot25(pod: PodView): Denial | undefined {
  return isWindowsPod(pod.spec) ? undefined : capabilitiesRestrictedV1Dot22(pod);
}
