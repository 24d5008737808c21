/** Host ports bind the node's network interfaces and bypass network policy: `hostPort` must be unset or 0. */
import type { FieldPath } from '../../../inventory/field-path.js';
import type { Denial, PodView, PssCheck } from '../check.js';
import { asList, asRecord, podContainers } from '../pod-fields.js';
import { containersPhrase, pluralize, sortedUnique } from '../wording.js';

export const hostPorts: PssCheck = {
  id: 'hostPorts',
  level: 'baseline',
  versions: [{ minVersion: 'v1.0', evaluate: hostPortsV1Dot0 }],
};

function hostPortsV1Dot0({ spec }: PodView): Denial | undefined {
  const badContainers: string[] = [];
  const ports: string[] = [];
  const paths: FieldPath[] = [];
  for (const c of podContainers(spec)) {
    let bad = false;
    asList(c.container.ports).forEach((item, index) => {
      const hostPort = asRecord(item)?.hostPort;
      if (typeof hostPort !== 'number' || hostPort === 0) return;
      bad = true;
      ports.push(String(hostPort));
      paths.push(c.at('ports', index, 'hostPort'));
    });
    if (bad) badContainers.push(c.name);
  }
  if (badContainers.length === 0) return undefined;
  // PSA sorts the ports as strings ("12345" before "8080").
  const portList = sortedUnique(ports);
  return {
    reason: 'hostPort',
    detail: [
      containersPhrase(badContainers),
      pluralize('uses', 'use', badContainers.length),
      pluralize('hostPort', 'hostPorts', portList.length),
      portList.join(', '),
    ].join(' '),
    paths,
  };
}
