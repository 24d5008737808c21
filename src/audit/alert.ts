/** An alert: the output contract of `parapet detect` (one JSON object per line), and its message template. */
import type { Severity } from '../findings/severity.js';
import type { AuditEvent } from './event.js';
import type { DetectionRule } from './rules-file.js';

export interface Alert {
  rule: string;
  title: string;
  technique: string | null;
  tactic: string;
  severity: Severity;
  auditID: string;
  time: string;
  user: string;
  groups: string[];
  sourceIPs: string[];
  userAgent: string;
  verb: string;
  objectRef: { resource: string; subresource: string; namespace: string; name: string; apiGroup: string };
  responseCode: number | null;
  message: string;
  cluster: string | null;
  /** Matching events folded into this alert (same rule, subject and object within the dedup window). */
  count: number;
}

function placeholder(event: AuditEvent, name: string, findings: string, count: number): string {
  const ref = event.objectRef;
  switch (name) {
    case 'user':
      return event.user.username || '(unknown user)';
    case 'groups':
      return event.user.groups.join(',');
    case 'verb':
      return event.verb;
    case 'resource':
      return ref?.resource ?? '';
    case 'subresource':
      return ref?.subresource ?? '';
    case 'namespace':
      return ref?.namespace ?? '';
    case 'name':
      return ref?.name ?? '';
    case 'apiGroup':
      return ref?.apiGroup ?? '';
    case 'sourceIP':
      return event.sourceIPs[0] ?? '';
    case 'userAgent':
      return event.userAgent;
    case 'requestURI':
      return event.requestURI;
    case 'code':
      return String(event.responseStatus?.code ?? '');
    case 'impersonatedUser':
      return event.impersonatedUser?.username ?? '';
    case 'findings':
      return findings;
    case 'count':
      return String(count);
    default:
      return `{${name}}`;
  }
}

export function renderMessage(
  template: string,
  event: AuditEvent,
  findings: readonly string[],
  count: number,
): string {
  const joined = findings.join('; ');
  return template
    .replace(/\{(\w+)\}/g, (_, name: string) => placeholder(event, name, joined, count))
    .replace(/ {2,}/g, ' ')
    .replace(/ \/(?=\s|$)/g, '');
}

export function alertOf(
  rule: DetectionRule,
  event: AuditEvent,
  findings: readonly string[],
  count: number,
  cluster: string | null,
): Alert {
  const ref = event.objectRef;
  return {
    rule: rule.id,
    title: rule.title,
    technique: rule.technique,
    tactic: rule.tactic,
    severity: rule.severity,
    auditID: event.auditID,
    time: event.time,
    user: event.user.username,
    groups: event.user.groups,
    sourceIPs: event.sourceIPs,
    userAgent: event.userAgent,
    verb: event.verb,
    objectRef: {
      resource: ref?.resource ?? '',
      subresource: ref?.subresource ?? '',
      namespace: ref?.namespace ?? '',
      name: ref?.name ?? '',
      apiGroup: ref?.apiGroup ?? '',
    },
    responseCode: typeof event.responseStatus?.code === 'number' ? event.responseStatus.code : null,
    message: renderMessage(rule.message, event, findings, count),
    cluster,
    count,
  };
}
