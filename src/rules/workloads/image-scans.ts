/**
 * Vulnerability scans of images, as plain data: what `parapet images --vulns` and `scan --vulns` read from
 * scanners' reports (src/supply/vulns.ts), and how a scan is matched to an image that runs. A scan names its image
 * by digest, by name and tag, or both; a digest decides where both sides have one (a tag may have moved since the
 * scan), name and tag only where either side has no digest.
 */
import { compareSeverity, type Severity } from '../../findings/severity.js';
import type { ImageRef } from './image-ref.js';

export interface Vulnerability {
  /** `CVE-2024-6119`, `GHSA-…`. */
  id: string;
  /** The scanner's severity; unknown and negligible become info. */
  severity: Severity;
  package?: string;
  installed?: string;
  /** The version that fixes it, where the scanner knows one. */
  fixedIn?: string;
}

export interface ImageScan {
  /** The report file it came from. */
  source: string;
  /** The image as the scanner named it. */
  image: string;
  /** Manifest (or repo) digests of the scanned image, `sha256:…`. */
  digests: string[];
  /** `registry/repository:tag` of the scanned image, normalised as image-ref.ts does. */
  names: string[];
  vulnerabilities: Vulnerability[];
}

export interface ImageScanMatch {
  scan: ImageScan;
  by: 'digest' | 'name and tag';
}

/** `docker.io/library/nginx:1.25.3`: the name a scan and an image are compared by (no tag → latest). */
export function nameAndTag(ref: ImageRef): string {
  return `${ref.registry}/${ref.repository}:${ref.tag ?? 'latest'}`;
}

interface ScanIndex {
  byDigest: Map<string, number[]>;
  byName: Map<string, number[]>;
}

// one index per set of scans (a scan judges thousands of containers against the same reports)
const indexes = new WeakMap<readonly ImageScan[], ScanIndex>();

function indexOf(scans: readonly ImageScan[]): ScanIndex {
  let index = indexes.get(scans);
  if (index !== undefined) return index;
  index = { byDigest: new Map(), byName: new Map() };
  const add = (map: Map<string, number[]>, key: string, i: number) => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [i]);
    else if (list.at(-1) !== i) list.push(i);
  };
  scans.forEach((scan, i) => {
    for (const digest of scan.digests) add(index.byDigest, digest, i);
    for (const name of scan.names) add(index.byName, name, i);
  });
  indexes.set(scans, index);
  return index;
}

/**
 * The scans of an image, in report order: by digest where the image's digest (pinned, or what the cluster runs)
 * and the scan's are both known, else by name and tag.
 */
export function matchScans(
  scans: readonly ImageScan[],
  ref: ImageRef,
  running: readonly string[] = [],
): ImageScanMatch[] {
  const digests = ref.digest === undefined ? running : [ref.digest];
  const index = indexOf(scans);
  const found = new Map<number, ImageScanMatch['by']>();
  for (const digest of digests) for (const i of index.byDigest.get(digest) ?? []) found.set(i, 'digest');
  for (const i of index.byName.get(nameAndTag(ref)) ?? []) {
    const scan = scans[i] as ImageScan;
    // a scan that knows its digest judges only images of that digest, where the image's is known too
    if (!found.has(i) && (digests.length === 0 || scan.digests.length === 0)) found.set(i, 'name and tag');
  }
  return [...found].sort(([a], [b]) => a - b).map(([i, by]) => ({ scan: scans[i] as ImageScan, by }));
}

/** The vulnerabilities of the matched scans, each id once (the most severe report of it), most severe first. */
export function vulnerabilitiesOf(matches: readonly ImageScanMatch[]): Vulnerability[] {
  // one scan (the usual case) is summed up once, however many containers run its image
  const single = matches.length === 1 ? (matches[0] as ImageScanMatch).scan : undefined;
  const cached = single && summaries.get(single);
  if (cached) return cached;
  const out = summarize(matches);
  if (single) summaries.set(single, out);
  return out;
}

const summaries = new WeakMap<ImageScan, Vulnerability[]>();

function summarize(matches: readonly ImageScanMatch[]): Vulnerability[] {
  const byId = new Map<string, Vulnerability>();
  for (const { scan } of matches) {
    for (const v of scan.vulnerabilities) {
      const key = `${v.id} ${v.package ?? ''}`;
      const known = byId.get(key);
      if (known === undefined || compareSeverity(v.severity, known.severity) < 0) byId.set(key, v);
    }
  }
  return [...byId.values()].sort(
    (a, b) => compareSeverity(a.severity, b.severity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** `2 critical and 5 high vulnerabilities` (only the levels present). */
export function countBySeverity(vulnerabilities: readonly Vulnerability[]): string {
  const counts = new Map<Severity, number>();
  for (const v of vulnerabilities) counts.set(v.severity, (counts.get(v.severity) ?? 0) + 1);
  const parts = [...counts].map(([severity, n]) => `${n} ${severity}`);
  const list = parts.length <= 1 ? (parts[0] ?? '0') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return `${list} ${vulnerabilities.length === 1 ? 'vulnerability' : 'vulnerabilities'}`;
}

/** `CVE-2024-6119 (openssl 3.0.13, fixed in 3.0.15), CVE-… and 3 more`: the first few, for a message. */
export function examplesOf(vulnerabilities: readonly Vulnerability[], shown = 3): string {
  const one = (v: Vulnerability) => {
    const what = [
      v.package && v.installed ? `${v.package} ${v.installed}` : v.package,
      v.fixedIn ? `fixed in ${v.fixedIn}` : 'no fix yet',
    ]
      .filter(Boolean)
      .join(', ');
    return `${v.id} (${what})`;
  };
  const listed = vulnerabilities.slice(0, shown).map(one).join(', ');
  const rest = vulnerabilities.length - shown;
  return rest > 0 ? `${listed} and ${rest} more` : listed;
}

/** How the matches were made, for a message: `matched by digest in trivy-web.json`. */
export function matchedBy(matches: readonly ImageScanMatch[]): string {
  const parts = matches.map((m) => `by ${m.by} in ${m.scan.source}`);
  return `matched ${[...new Set(parts)].join('; ')}`;
}
