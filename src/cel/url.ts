/**
 * Kubernetes' URL library for CEL: `url(s)`, `isURL(s)` and a URL's `getScheme`, `getHost`, `getHostname`,
 * `getPort`, `getEscapedPath` and `getQuery`. A URL is an absolute URI or an absolute path, as Go's
 * url.ParseRequestURI reads it (the API server's parser).
 */
import { type CelFunc, CelScalar, celFunc, celMap, celMethod } from '@bufbuild/cel';
import { opaqueType } from './opaque.js';

const { STRING, DYN, BOOL } = CelScalar;

interface ParsedUrl {
  scheme: string;
  /** host[:port] as written, '' for a path or an opaque URI. */
  host: string;
  path: string;
  query: string;
}

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/s;
const BAD_ESCAPE = /%(?![0-9a-fA-F]{2})/;

function hasControlOrSpace(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f) return true;
  }
  return false;
}

export function parseUrl(text: string): ParsedUrl | undefined {
  // control characters and spaces are refused; percent signs must start an escape
  if (hasControlOrSpace(text) || BAD_ESCAPE.test(text)) return undefined;
  const question = text.indexOf('?');
  const [before, query] = question < 0 ? [text, ''] : [text.slice(0, question), text.slice(question + 1)];
  if (before.startsWith('/')) {
    if (before.startsWith('//')) return undefined;
    return { scheme: '', host: '', path: before, query };
  }
  const match = SCHEME.exec(before);
  if (match === null) return undefined;
  const [, scheme = '', rest = ''] = match;
  if (!rest.startsWith('//')) return { scheme, host: '', path: rest.startsWith('/') ? rest : '', query };
  const afterSlashes = rest.slice(2);
  const slash = afterSlashes.indexOf('/');
  const authority = slash < 0 ? afterSlashes : afterSlashes.slice(0, slash);
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  if (!/^(?:\[[0-9a-fA-F:.]+\]|[^[\]:]*)(?::[0-9]*)?$/.test(host)) return undefined;
  return { scheme, host, path: slash < 0 ? '' : afterSlashes.slice(slash), query };
}

function hostnameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}

function portOf(host: string): string {
  const colon = host.lastIndexOf(':');
  return colon < 0 || host.lastIndexOf(']') > colon ? '' : host.slice(colon + 1);
}

function decode(text: string): string {
  return decodeURIComponent(text.replace(/\+/g, ' '));
}

/** The query as Go's url.ParseQuery reads it: key → every value, `+` as a space. */
function queryOf(query: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const [key, value] = equals < 0 ? [pair, ''] : [pair.slice(0, equals), pair.slice(equals + 1)];
    try {
      const k = decode(key);
      out.set(k, [...(out.get(k) ?? []), decode(value)]);
    } catch {
      // an undecodable pair is left out, as ParseQuery leaves it
    }
  }
  return out;
}

const Url = opaqueType<string>(
  'net.URL',
  (text) => text,
  (text) => text,
);

function on(name: string, impl: (url: ParsedUrl) => unknown) {
  return celMethod(name, DYN, [], DYN, function (this: unknown) {
    return impl(parseUrl(Url.unwrap(this, name)) as ParsedUrl) as never;
  });
}

export const URL_FUNCTIONS: readonly CelFunc[] = [
  celFunc('url', [STRING], DYN, (text: string) => {
    if (parseUrl(text) === undefined)
      throw new Error(`URL ${JSON.stringify(text)} is not an absolute URI or path`);
    return Url.wrap(text);
  }),
  celFunc('isURL', [STRING], BOOL, (text: string) => parseUrl(text) !== undefined),
  on('getScheme', (u) => u.scheme),
  on('getHost', (u) => u.host),
  on('getHostname', (u) => hostnameOf(u.host)),
  on('getPort', (u) => portOf(u.host)),
  on('getEscapedPath', (u) => u.path),
  on('getQuery', (u) => celMap(queryOf(u.query))),
];
