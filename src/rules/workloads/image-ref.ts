/**
 * Container image references as the container runtime resolves them, shared by the supply-chain rules
 * (PP-WL-020..023). Follows the distribution reference grammar: the first path component is a registry host only
 * when it contains `.` or `:` or is `localhost`; everything else comes from Docker Hub, where one-component names
 * live under `library/` (`nginx` → `docker.io/library/nginx`). The grammar is ASCII, so case is ASCII case here (as
 * CEL's lowerAscii, which the exported policies use: export/vap/rules/images.ts).
 */

export const DOCKER_HUB = 'docker.io';

export interface ImageRef {
  /** The reference as written. */
  raw: string;
  /** Registry host, lower-cased; `docker.io` for Docker Hub (also when written `index.docker.io`). */
  registry: string;
  /** Repository path inside the registry, e.g. `library/nginx`. */
  repository: string;
  tag?: string;
  /** `sha256:...` when the reference pins a (well-formed) digest. */
  digest?: string;
}

/** A well-formed digest, `algorithm:hex`; the pattern is RE2 as well as JavaScript. */
export const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
export const HUB_ALIASES: ReadonlySet<string> = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
]);

/** Lower-cases ASCII letters only. */
export function lowerAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
}

/** A first path component that names a registry host rather than a Docker Hub namespace. */
export function isRegistryHost(first: string): boolean {
  return first.includes('.') || first.includes(':') || first === 'localhost' || /[A-Z]/.test(first);
}

/** Parses an image reference; undefined for anything that is not a non-empty string without whitespace. */
export function parseImage(image: unknown): ImageRef | undefined {
  if (typeof image !== 'string') return undefined;
  const raw = image.trim();
  if (raw === '' || /\s/.test(raw)) return undefined;
  let name = raw;
  let digest: string | undefined;
  const at = name.indexOf('@');
  if (at >= 0) {
    const candidate = name.slice(at + 1);
    if (DIGEST.test(candidate)) digest = candidate;
    name = name.slice(0, at);
  }
  let tag: string | undefined;
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) {
    tag = name.slice(colon + 1) || undefined;
    name = name.slice(0, colon);
  }
  if (name === '') return undefined;
  let registry = DOCKER_HUB;
  let repository = name;
  const slash = name.indexOf('/');
  if (slash > 0) {
    const first = name.slice(0, slash);
    if (isRegistryHost(first)) {
      registry = lowerAscii(first);
      repository = name.slice(slash + 1);
    }
  }
  if (HUB_ALIASES.has(registry)) {
    registry = DOCKER_HUB;
    if (!repository.includes('/')) repository = `library/${repository}`;
  }
  const ref: ImageRef = { raw, registry, repository };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return ref;
}

/** An image that pulls `latest`: no digest, and no tag or the `latest` tag (PP-WL-021's finding). */
export function pullsLatest(ref: ImageRef): boolean {
  return ref.digest === undefined && (ref.tag === undefined || ref.tag === 'latest');
}

/** Where an image comes from, as messages name it: registry plus repository namespace (`docker.io/library`). */
export function imageSource(ref: ImageRef): string {
  const cut = ref.repository.lastIndexOf('/');
  return cut > 0 ? `${ref.registry}/${ref.repository.slice(0, cut)}` : ref.registry;
}

/**
 * An `allowedRegistries` entry: a registry host (`registry.example.com`, `localhost:5000`), a host wildcard
 * (`*.example.com`: `suffix` is `.example.com`), or a host with a repository prefix (`docker.io/library`,
 * `ghcr.io/acme`), matched on whole path components. Docker Hub may be written `docker.io` or `index.docker.io`.
 */
export interface RegistryEntry {
  host?: string;
  suffix?: string;
  /** Repository prefix, '' for the whole registry. */
  prefix: string;
}

/** An `allowedRegistries` entry as matched; undefined for an empty one. */
export function parseRegistryEntry(entry: string): RegistryEntry | undefined {
  const cleaned = entry
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/+$/, '');
  if (cleaned === '') return undefined;
  const slash = cleaned.indexOf('/');
  let host = lowerAscii(slash >= 0 ? cleaned.slice(0, slash) : cleaned);
  const prefix = slash >= 0 ? cleaned.slice(slash + 1) : '';
  if (HUB_ALIASES.has(host)) host = DOCKER_HUB;
  return host.startsWith('*.') ? { suffix: host.slice(1), prefix } : { host, prefix };
}

/** Whether an `allowedRegistries` entry admits the image. */
export function registryAllows(entry: string, ref: ImageRef): boolean {
  const parsed = parseRegistryEntry(entry);
  if (parsed === undefined) return false;
  const hostMatches =
    parsed.suffix !== undefined
      ? ref.registry.endsWith(parsed.suffix) && ref.registry !== parsed.suffix
      : ref.registry === parsed.host;
  if (!hostMatches) return false;
  const { prefix } = parsed;
  return prefix === '' || ref.repository === prefix || ref.repository.startsWith(`${prefix}/`);
}

/** Tag names that by convention move to new images. */
export const FLOATING_TAGS: ReadonlySet<string> = new Set([
  'latest',
  'stable',
  'edge',
  'main',
  'master',
  'dev',
  'develop',
  'development',
  'nightly',
  'canary',
  'beta',
  'alpha',
  'lts',
  'current',
  'mainline',
  'rolling',
  'testing',
  'unstable',
  'snapshot',
  'release',
  'prod',
  'production',
  'staging',
  'next',
  'head',
  'trunk',
]);

/** What separates a tag's base from a suffix (`stable-alpine`, `1.27_slim`). */
export const TAG_SUFFIX_SEPARATOR = /[-_]/;
/** A partial version (`1`, `v2`, `1.27`), as an RE2 and JavaScript pattern. */
export const PARTIAL_VERSION = 'v?[0-9]{1,3}(?:\\.[0-9]+)?';
const PARTIAL_VERSION_TAG = new RegExp(`^${PARTIAL_VERSION}$`);

/**
 * Whether a tag is mutable by convention: no tag (→ latest), a moving name (`latest`, `stable`, `main`, ..., also
 * with a suffix such as `stable-alpine`) or a partial version (`1`, `v2`, `1.27`, `1.27-alpine`). Full versions
 * (`1.27.3`), dates and commit ids count as immutable, though a registry can still overwrite them.
 */
export function isMutableTag(tag: string | undefined): boolean {
  if (tag === undefined) return true;
  const lower = lowerAscii(tag);
  const base = lower.split(TAG_SUFFIX_SEPARATOR)[0] ?? lower;
  if (FLOATING_TAGS.has(lower) || FLOATING_TAGS.has(base)) return true;
  return PARTIAL_VERSION_TAG.test(base);
}
