/** Requests as the command line writes them: `VERB RESOURCE[.GROUP][/SUBRESOURCE]`, or `VERB /non/resource/url`. */
import type { Request } from './match.js';

/**
 * `pods` → core pods; `deployments.apps/scale` → apps deployments, subresource scale; `/healthz` → a
 * non-resource URL. Undefined when malformed.
 */
export function parseRequest(verb: string, target: string, name?: string): Request | undefined {
  if (verb === '' || /\s/.test(verb)) return undefined;
  if (target.startsWith('/')) return { verb, path: target };
  const slash = target.indexOf('/');
  const head = slash < 0 ? target : target.slice(0, slash);
  const subresource = slash < 0 ? undefined : target.slice(slash + 1);
  if (head === '' || subresource === '' || subresource?.includes('/')) return undefined;
  const dot = head.indexOf('.');
  const resource = dot < 0 ? head : head.slice(0, dot);
  const apiGroup = dot < 0 ? '' : head.slice(dot + 1);
  if (resource === '' || (dot >= 0 && apiGroup === '')) return undefined;
  return {
    verb,
    apiGroup,
    resource,
    ...(subresource === undefined ? {} : { subresource }),
    ...(name === undefined ? {} : { name }),
  };
}
