/** Containers may add only capabilities from the container runtime's default set (NET_RAW is not among them). */
import type { FieldPath } from '../../../inventory/field-path.js';
import type { Denial, PodView, PssCheck } from '../check.js';
import { asList, asRecord, podContainers } from '../pod-fields.js';
import { containersPhrase, joinQuote, sortedUnique } from '../wording.js';

export const capabilitiesBaseline: PssCheck = {
  id: 'capabilities_baseline',
  level: 'baseline',
  versions: [{ minVersion: 'v1.0', evaluate: capabilitiesBaselineV1Dot0 }],
};

export const ALLOWED_CAPABILITIES_V1_0: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

function capabilitiesBaselineV1Dot0({ spec }: PodView): Denial | undefined {
  const badContainers: string[] = [];
  const added: string[] = [];
  const paths: FieldPath[] = [];
  for (const c of podContainers(spec)) {
    let bad = false;
    asList(asRecord(c.securityContext?.capabilities)?.add).forEach((capability, index) => {
      // Names are matched exactly, as PSA does: "chown" and "CAP_CHOWN" are not CHOWN.
      if (typeof capability !== 'string' || ALLOWED_CAPABILITIES_V1_0.has(capability)) return;
      bad = true;
      added.push(capability);
      paths.push(c.at('securityContext', 'capabilities', 'add', index));
    });
    if (bad) badContainers.push(c.name);
  }
  if (badContainers.length === 0) return undefined;
  return {
    reason: 'non-default capabilities',
    detail: `${containersPhrase(badContainers)} must not include ${joinQuote(sortedUnique(added))} in securityContext.capabilities.add`,
    paths,
  };
}
