/**
 * A probe or lifecycle handler with a `host` makes the kubelet connect wherever the pod says, a server-side request
 * forgery from the node. From v1.34 the host of httpGet and tcpSocket handlers must be empty.
 */
import type { FieldPath } from '../../../inventory/field-path.js';
import type { Denial, PodView, PssCheck } from '../check.js';
import { asRecord, type PodContainer, podContainers } from '../pod-fields.js';
import { containersPhrase, joinQuote, pluralize, sortedUnique } from '../wording.js';

export const hostProbesAndHostLifecycle: PssCheck = {
  id: 'hostProbesAndHostLifecycle',
  level: 'baseline',
  versions: [{ minVersion: 'v1.34', evaluate: hostProbesAndHostLifecycleV1Dot34 }],
};

/** Where a container can name a handler, relative to the container. */
export const HANDLERS: readonly (readonly string[])[] = [
  ['livenessProbe'],
  ['readinessProbe'],
  ['startupProbe'],
  ['lifecycle', 'postStart'],
  ['lifecycle', 'preStop'],
];
export const HANDLER_KINDS = ['httpGet', 'tcpSocket'] as const;

function hostProbesAndHostLifecycleV1Dot34({ spec }: PodView): Denial | undefined {
  const badContainers: string[] = [];
  const hosts: string[] = [];
  const paths: FieldPath[] = [];
  for (const c of podContainers(spec)) {
    const found = forbiddenHosts(c);
    if (found.length === 0) continue;
    badContainers.push(c.name);
    for (const { host, path } of found) {
      hosts.push(host);
      paths.push(path);
    }
  }
  if (badContainers.length === 0) return undefined;
  // PSA collects both names and hosts in sets, so each is listed once, sorted.
  const names = sortedUnique(badContainers);
  const hostList = sortedUnique(hosts);
  return {
    reason: 'probe or lifecycle host',
    detail: [
      containersPhrase(names),
      pluralize('uses', 'use', names.length),
      pluralize('probe or lifecycle host', 'probe or lifecycle hosts', hostList.length),
      joinQuote(hostList),
    ].join(' '),
    paths,
  };
}

function forbiddenHosts(c: PodContainer): { host: string; path: FieldPath }[] {
  const found: { host: string; path: FieldPath }[] = [];
  for (const location of HANDLERS) {
    let handler: Record<string, unknown> | undefined = c.container;
    for (const key of location) handler = asRecord(handler?.[key]);
    for (const kind of HANDLER_KINDS) {
      const host = asRecord(handler?.[kind])?.host;
      if (typeof host === 'string' && host !== '')
        found.push({ host, path: c.at(...location, kind, 'host') });
    }
  }
  return found;
}
