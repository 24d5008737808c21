/** Realistic audit events (the API server's audit.k8s.io/v1 shape) for the detection tests. */
import { randomUUID } from 'node:crypto';

export type Event = Record<string, unknown>;

let clock = Date.parse('2026-12-02T10:00:00Z');

/** Moves the events' clock on (ms) and returns the new time. */
export function tick(ms = 1000): string {
  clock += ms;
  return new Date(clock).toISOString().replace('Z', '000Z');
}

export interface EventSpec {
  verb: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  apiGroup?: string;
  user?: string;
  groups?: string[];
  code?: number;
  userAgent?: string;
  sourceIP?: string;
  requestURI?: string;
  stage?: string;
  auditID?: string;
  requestObject?: Record<string, unknown>;
  responseObject?: Record<string, unknown>;
  impersonatedUser?: { username: string; groups?: string[] };
  time?: string;
}

const GROUP_VERSION: Record<string, string> = {
  '': 'v1',
  apps: 'v1',
  batch: 'v1',
  'rbac.authorization.k8s.io': 'v1',
  'admissionregistration.k8s.io': 'v1',
  'certificates.k8s.io': 'v1',
};

export function auditEvent(spec: EventSpec): Event {
  const time = spec.time ?? tick();
  const objectRef: Record<string, unknown> | undefined =
    spec.resource === undefined
      ? undefined
      : {
          resource: spec.resource,
          ...(spec.namespace ? { namespace: spec.namespace } : {}),
          ...(spec.name ? { name: spec.name } : {}),
          ...(spec.apiGroup ? { apiGroup: spec.apiGroup } : {}),
          apiVersion: GROUP_VERSION[spec.apiGroup ?? ''] ?? 'v1',
          ...(spec.subresource ? { subresource: spec.subresource } : {}),
        };
  const base = spec.apiGroup ? `/apis/${spec.apiGroup}/v1` : '/api/v1';
  const uri =
    spec.requestURI ??
    `${base}${spec.namespace ? `/namespaces/${spec.namespace}` : ''}/${spec.resource}${spec.name ? `/${spec.name}` : ''}${spec.subresource ? `/${spec.subresource}` : ''}`;
  const event: Event = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: spec.requestObject ? 'RequestResponse' : 'Metadata',
    auditID: spec.auditID ?? randomUUID(),
    stage: spec.stage ?? 'ResponseComplete',
    requestURI: uri,
    verb: spec.verb,
    user: {
      username: spec.user ?? 'alice@example.com',
      groups: spec.groups ?? ['developers', 'system:authenticated'],
    },
    // the API server's field order (the prefilter relies on it): impersonatedUser right after user
    ...(spec.impersonatedUser ? { impersonatedUser: spec.impersonatedUser } : {}),
    sourceIPs: [spec.sourceIP ?? '10.0.4.21'],
    userAgent: spec.userAgent ?? 'kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46',
    ...(objectRef ? { objectRef } : {}),
    responseStatus: { metadata: {}, code: spec.code ?? (spec.verb === 'create' ? 201 : 200) },
    ...(spec.requestObject ? { requestObject: spec.requestObject } : {}),
    ...(spec.responseObject ? { responseObject: spec.responseObject } : {}),
    requestReceivedTimestamp: time,
    stageTimestamp: time,
    annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
  };
  return event;
}

export const lines = (events: readonly Event[]) => `${events.map((e) => JSON.stringify(e)).join('\n')}\n`;

export function pod(
  spec: Record<string, unknown>,
  name = 'web',
  namespace = 'shop',
): Record<string, unknown> {
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name, namespace },
    spec: { containers: [{ name: 'app', image: 'registry.example.com/shop/web:1.4.2' }], ...spec },
  };
}
