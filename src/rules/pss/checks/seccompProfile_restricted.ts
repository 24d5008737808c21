/**
 * Restricted pods must run under a seccomp filter: type RuntimeDefault or Localhost on the pod, or on every
 * container the pod-level profile does not cover. From v1.25 Windows pods are exempt (seccomp is Linux-only).
 * Replaces seccompProfile_baseline at restricted, being strictly stronger.
 */
import type { FieldPath } from '../../../inventory/field-path.js';
import type { Denial, PodView, PssCheck } from '../check.js';
import {
  asRecord,
  isWindowsPod,
  podContainers,
  podContextPath,
  podSecurityContext,
  stringField,
} from '../pod-fields.js';
import { containersPhrase, joinQuote, sortedUnique } from '../wording.js';
import { validSeccompType } from './seccompProfile_baseline.js';

export const seccompProfileRestricted: PssCheck = {
  id: 'seccompProfile_restricted',
  level: 'restricted',
  overrides: ['seccompProfile_baseline'],
  versions: [
    { minVersion: 'v1.19', evaluate: seccompProfileRestrictedV1Dot19 },
    { minVersion: 'v1.25', evaluate: seccompProfileRestrictedV1Dot25 },
  ],
};

function seccompProfileRestrictedV1Dot19({ spec }: PodView): Denial | undefined {
  const setters: string[] = [];
  const badTypes: string[] = [];
  const paths: FieldPath[] = [];
  let podSet = false;
  const podProfile = asRecord(podSecurityContext(spec)?.seccompProfile);
  if (podProfile) {
    const type = stringField(podProfile, 'type');
    if (validSeccompType(type)) {
      podSet = true;
    } else {
      setters.push('pod');
      badTypes.push(type);
      paths.push(podContextPath('seccompProfile', 'type'));
    }
  }
  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  const implicitPaths: FieldPath[] = [];
  for (const c of podContainers(spec)) {
    const profile = asRecord(c.securityContext?.seccompProfile);
    if (profile) {
      const type = stringField(profile, 'type');
      if (validSeccompType(type)) continue;
      explicitlyBad.push(c.name);
      badTypes.push(type);
      paths.push(c.at('securityContext', 'seccompProfile', 'type'));
    } else if (!podSet) {
      implicitlyBad.push(c.name);
      implicitPaths.push(c.at('securityContext', 'seccompProfile', 'type'));
    }
  }
  if (explicitlyBad.length > 0) setters.push(containersPhrase(explicitlyBad));
  if (setters.length > 0) {
    return {
      reason: 'seccompProfile',
      detail: `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedUnique(badTypes))}`,
      paths,
    };
  }
  if (implicitlyBad.length === 0) return undefined;
  return {
    reason: 'seccompProfile',
    detail: `pod or ${containersPhrase(implicitlyBad)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    paths: implicitPaths,
  };
}

function seccompProfileRestrictedV1Dot25(pod: PodView): Denial | undefined {
  return isWindowsPod(pod.spec) ? undefined : seccompProfileRestrictedV1Dot19(pod);
}
