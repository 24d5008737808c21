/**
 * One Kubernetes audit event (`audit.k8s.io/v1` or `v1beta1` `Event`, or the same shape without apiVersion), as
 * decoded from a JSON line, and when a request is judged: at ResponseComplete, at ResponseStarted for the
 * long-running requests whose completion may come much later or never, and at Panic.
 */

export interface ObjectRef {
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  apiGroup?: string;
  apiVersion?: string;
}

export interface AuditEvent {
  auditID: string;
  stage: string;
  verb: string;
  requestURI: string;
  user: { username: string; groups: string[] };
  impersonatedUser?: { username?: string; groups?: string[] };
  sourceIPs: string[];
  userAgent: string;
  objectRef?: ObjectRef;
  responseStatus?: { code?: number };
  requestObject?: Record<string, unknown>;
  responseObject?: Record<string, unknown>;
  /** When the stage was reached; v1beta1's `timestamp` where stageTimestamp is absent. */
  time: string;
}

const API_VERSIONS = new Set(['audit.k8s.io/v1', 'audit.k8s.io/v1beta1']);
const STAGES = new Set(['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic']);

/** Requests that stream: their ResponseComplete may come hours later, or never. */
const LONG_RUNNING_SUBRESOURCES = new Set(['exec', 'attach', 'portforward', 'proxy']);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];

/**
 * The decoded line as an audit event, or the reason it is not one. Only the fields rules read are checked; the
 * event object itself is reused (no copy), as the hot path decodes a million of them.
 */
export function toAuditEvent(value: unknown): AuditEvent | string {
  if (!isRecord(value)) return 'not a JSON object';
  const { apiVersion, kind } = value;
  if (apiVersion !== undefined && !API_VERSIONS.has(apiVersion as string))
    return `apiVersion ${JSON.stringify(apiVersion)} is not audit.k8s.io/v1 or v1beta1`;
  if (kind !== undefined && kind !== 'Event') return `kind ${JSON.stringify(kind)} is not an audit Event`;
  if (typeof value.auditID !== 'string' || value.auditID === '') return 'no auditID: not an audit Event';
  if (typeof value.stage !== 'string' || !STAGES.has(value.stage))
    return `stage ${JSON.stringify(value.stage)} is not an audit stage`;
  if (typeof value.verb !== 'string') return 'no verb: not an audit Event';
  const user = isRecord(value.user) ? value.user : {};
  const event = value as unknown as AuditEvent;
  event.user = { username: str(user.username), groups: strings(user.groups) };
  event.requestURI = str(value.requestURI);
  event.sourceIPs = strings(value.sourceIPs);
  event.userAgent = str(value.userAgent);
  if (!isRecord(value.objectRef)) event.objectRef = undefined;
  if (!isRecord(value.responseStatus)) event.responseStatus = undefined;
  if (!isRecord(value.requestObject)) event.requestObject = undefined;
  if (!isRecord(value.responseObject)) event.responseObject = undefined;
  if (!isRecord(value.impersonatedUser)) event.impersonatedUser = undefined;
  event.time = str(value.stageTimestamp) || str(value.timestamp) || str(value.requestReceivedTimestamp);
  return event;
}

export function isLongRunning(event: AuditEvent): boolean {
  if (event.verb === 'watch') return true;
  const sub = event.objectRef?.subresource;
  return sub !== undefined && LONG_RUNNING_SUBRESOURCES.has(sub);
}

/** Whether this stage is the one the request is judged at. */
export function isJudgedStage(event: AuditEvent): boolean {
  switch (event.stage) {
    case 'ResponseComplete':
    case 'Panic':
      return true;
    case 'ResponseStarted':
      return isLongRunning(event);
    default:
      return false;
  }
}

/**
 * The auditIDs already judged, the newest `capacity` of them: a long-running request judged at ResponseStarted is
 * not judged again at ResponseComplete, nor a line seen twice. A ring of ids beside a Set: O(1), bounded memory.
 */
export class JudgedIds {
  private readonly ring: (string | undefined)[];
  private readonly set = new Set<string>();
  private next = 0;

  constructor(private readonly capacity = 100_000) {
    this.ring = new Array(capacity);
  }

  /** True the first time an id is offered (and remembers it); false for one already judged. */
  firstTime(id: string): boolean {
    if (this.set.has(id)) return false;
    const evicted = this.ring[this.next];
    if (evicted !== undefined) this.set.delete(evicted);
    this.ring[this.next] = id;
    this.next = (this.next + 1) % this.capacity;
    this.set.add(id);
    return true;
  }

  /** The remembered ids, oldest first: what a checkpoint keeps so a restart does not judge them again. */
  recent(limit: number): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.capacity && out.length < limit; i++) {
      const id = this.ring[(this.next - 1 - i + this.capacity * 2) % this.capacity];
      if (id === undefined) break;
      out.push(id);
    }
    return out.reverse();
  }
}

/** The object a content rule judges: what was sent, or on a patch the object as stored (the patch is partial). */
export function judgedObject(event: AuditEvent): Record<string, unknown> | undefined {
  if (event.verb === 'patch') return event.responseObject ?? event.requestObject;
  return event.requestObject ?? event.responseObject;
}
