/**
 * The RBAC authorizer's rule matching, with the API server's exact semantics (rbac.go RuleAllows and
 * evaluation_helpers.go): `*` matches all; a resource entry matches only `*`, the exact `resource/subresource`, or
 * `*\/subresource` (so `pods/*` grants no subresource); `resourceNames` restricts to named objects (a request
 * without a name, such as list or create, matches no named rule); a non-resource URL entry matches exactly or, when
 * it ends in `*`, by prefix.
 */
import type { PolicyRuleView } from './objects.js';

/** What a request asks for: a resource request, or a non-resource URL (`path`). */
export interface ResourceRequest {
  verb: string;
  apiGroup: string;
  resource: string;
  subresource?: string;
  /** The object's name, where the request names one (get, update, delete; not list or create). */
  name?: string;
}

export interface NonResourceRequest {
  verb: string;
  path: string;
}

export type Request = ResourceRequest | NonResourceRequest;

export function isNonResource(request: Request): request is NonResourceRequest {
  return 'path' in request;
}

export function verbMatches(rule: PolicyRuleView, verb: string): boolean {
  return rule.verbs.some((v) => v === '*' || v === verb);
}

export function apiGroupMatches(rule: PolicyRuleView, group: string): boolean {
  return rule.apiGroups.some((g) => g === '*' || g === group);
}

/** Index of the first resource entry that grants `resource[/subresource]`; -1 if none. */
export function resourceEntryIndex(rule: PolicyRuleView, resource: string, subresource?: string): number {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  return rule.resources.findIndex(
    (entry) =>
      entry === '*' || entry === combined || (subresource !== undefined && entry === `*/${subresource}`),
  );
}

export function resourceNameMatches(rule: PolicyRuleView, name: string | undefined): boolean {
  if (rule.resourceNames.length === 0) return true;
  return name !== undefined && rule.resourceNames.includes(name);
}

export function nonResourceURLMatches(rule: PolicyRuleView, path: string): boolean {
  return rule.nonResourceURLs.some(
    (entry) =>
      entry === '*' || entry === path || (entry.endsWith('*') && path.startsWith(entry.slice(0, -1))),
  );
}

export function ruleAllows(rule: PolicyRuleView, request: Request): boolean {
  if (isNonResource(request))
    return verbMatches(rule, request.verb) && nonResourceURLMatches(rule, request.path);
  return (
    verbMatches(rule, request.verb) &&
    apiGroupMatches(rule, request.apiGroup) &&
    resourceEntryIndex(rule, request.resource, request.subresource) >= 0 &&
    resourceNameMatches(rule, request.name)
  );
}

/** `create pods/exec`, `get secrets.apps (name x)`, `get /healthz`: how output names a request. */
export function describeRequest(request: Request): string {
  if (isNonResource(request)) return `${request.verb} ${request.path}`;
  const resource = `${request.resource}${request.subresource ? `/${request.subresource}` : ''}`;
  const group = request.apiGroup === '' ? '' : `.${request.apiGroup}`;
  const name = request.name === undefined ? '' : ` \`${request.name}\``;
  return `${request.verb} ${resource}${group}${name}`;
}
