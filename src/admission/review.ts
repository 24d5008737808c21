/**
 * The admission.k8s.io/v1 AdmissionReview codec: what the API server sends to a validating webhook and what it
 * accepts back. Decoding never throws on bad input; it says what is wrong, for a 400 answer.
 */

import { boundByJsonText } from '../cel/values.js';
import type { KubeObject } from '../inventory/resource.js';

export const REVIEW_API_VERSION = 'admission.k8s.io/v1';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
const OPERATIONS: readonly string[] = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'];

export interface AdmissionRequest {
  uid: string;
  kind: { group: string; version: string; kind: string };
  namespace: string;
  name: string;
  operation: Operation;
  user: { username: string; groups: string[] };
  object?: KubeObject;
  oldObject?: KubeObject;
  dryRun: boolean;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: { code: number; message: string };
  warnings?: string[];
  auditAnnotations?: Record<string, string>;
}

type Decoded = { request: AdmissionRequest } | { error: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Parses a request body (already known to be JSON text) into an AdmissionRequest, or says why it is not one. */
export function decodeReview(body: string): Decoded {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (error) {
    return { error: `body is not JSON: ${(error as Error).message}` };
  }
  if (!isRecord(doc)) return { error: 'body is not a JSON object' };
  if (doc.kind !== 'AdmissionReview' || doc.apiVersion !== REVIEW_API_VERSION) {
    return { error: `body is not an AdmissionReview ${REVIEW_API_VERSION} (kind and apiVersion)` };
  }
  const request = doc.request;
  if (!isRecord(request)) return { error: 'AdmissionReview has no request' };
  if (typeof request.uid !== 'string' || request.uid === '') return { error: 'request.uid is missing' };
  if (typeof request.operation !== 'string' || !OPERATIONS.includes(request.operation)) {
    return { error: `request.operation must be one of ${OPERATIONS.join(', ')}` };
  }
  const kind = isRecord(request.kind) ? request.kind : {};
  if (typeof kind.kind !== 'string') return { error: 'request.kind.kind is missing' };
  for (const field of ['object', 'oldObject'] as const) {
    const value = request[field];
    if (value !== undefined && value !== null && !isRecord(value))
      return { error: `request.${field} is not an object` };
  }
  // the body's length bounds every list in the objects, which spares CEL's cost bound a walk of each
  for (const field of ['object', 'oldObject'] as const) {
    const value = request[field];
    if (isRecord(value)) boundByJsonText(value, body.length);
  }
  const userInfo = isRecord(request.userInfo) ? request.userInfo : {};
  return {
    request: {
      uid: request.uid,
      kind: { group: str(kind.group), version: str(kind.version), kind: kind.kind },
      namespace: str(request.namespace),
      name: str(request.name),
      operation: request.operation as Operation,
      user: {
        username: str(userInfo.username),
        groups: Array.isArray(userInfo.groups) ? userInfo.groups.filter((g) => typeof g === 'string') : [],
      },
      ...(isRecord(request.object) ? { object: request.object as KubeObject } : {}),
      ...(isRecord(request.oldObject) ? { oldObject: request.oldObject as KubeObject } : {}),
      dryRun: request.dryRun === true,
    },
  };
}

export function encodeReview(response: AdmissionResponse): string {
  return JSON.stringify({ apiVersion: REVIEW_API_VERSION, kind: 'AdmissionReview', response });
}
