/**
 * Vulnerability reports that users already produce, read into ImageScans: Trivy JSON (`trivy image -f json`),
 * Grype JSON (`grype -o json`) and CycloneDX JSON with `vulnerabilities` (Trivy's, Grype's, or any scanner's).
 * Each report names its image by digest and by name and tag where it can; matching is image-scans.ts's.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Severity } from '../findings/severity.js';
import { asArray, asRecord } from '../inventory/values.js';
import { parseImage } from '../rules/workloads/image-ref.js';
import { type ImageScan, nameAndTag, type Vulnerability } from '../rules/workloads/image-scans.js';
import { digestOfImageId } from '../rules/workloads/running-images.js';
import { imageOfPurl } from './purl.js';

/** A report that cannot be read or is of no known format: the one-line error names the file. */
export class SupplyError extends Error {
  override name = 'SupplyError';
}

type Json = Record<string, unknown>;

const SEVERITY: Record<string, Severity> = {
  critical: 'critical',
  high: 'high',
  medium: 'medium',
  moderate: 'medium',
  low: 'low',
};

/** A scanner's severity word (`CRITICAL`, `High`, `negligible`) → a parapet severity; unknown ones → info. */
export function severityOf(value: unknown): Severity {
  return (typeof value === 'string' && SEVERITY[value.toLowerCase()]) || 'info';
}

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** Collects the names and digests an image is known by in a report. */
class Identity {
  readonly names = new Set<string>();
  readonly digests = new Set<string>();

  /** An image reference (`nginx:1.25.3`, `nginx@sha256:…`): its name and tag (when it has a tag) and digest. */
  reference(value: unknown): void {
    const ref = parseImage(value);
    if (ref === undefined) return;
    if (ref.digest !== undefined) this.digests.add(ref.digest);
    if (ref.tag !== undefined || ref.digest === undefined) this.names.add(nameAndTag(ref));
  }

  digest(value: unknown): void {
    const digest = digestOfImageId(value);
    if (digest !== undefined) this.digests.add(digest);
  }
}

function scanOf(source: string, image: string, id: Identity, vulnerabilities: Vulnerability[]): ImageScan {
  return { source, image, digests: [...id.digests].sort(), names: [...id.names].sort(), vulnerabilities };
}

function vulnerability(
  id: string,
  severity: unknown,
  pkg: unknown,
  installed: unknown,
  fixedIn: unknown,
): Vulnerability {
  const v: Vulnerability = { id, severity: severityOf(severity) };
  const p = str(pkg);
  const i = str(installed);
  const f = str(fixedIn);
  if (p !== undefined) v.package = p;
  if (i !== undefined) v.installed = i;
  if (f !== undefined) v.fixedIn = f;
  return v;
}

/** `trivy image -f json`: ArtifactName, Metadata.RepoTags/RepoDigests, Results[].Vulnerabilities. */
function readTrivy(source: string, report: Json): ImageScan {
  const image = str(report.ArtifactName) ?? '(unnamed image)';
  const metadata = asRecord(report.Metadata) ?? {};
  const id = new Identity();
  id.reference(report.ArtifactName);
  for (const tag of asArray(metadata.RepoTags)) id.reference(tag);
  for (const digest of asArray(metadata.RepoDigests)) id.reference(digest);
  const vulnerabilities: Vulnerability[] = [];
  for (const result of asArray(report.Results)) {
    for (const item of asArray(asRecord(result)?.Vulnerabilities)) {
      const v = asRecord(item);
      const vid = str(v?.VulnerabilityID);
      if (v === undefined || vid === undefined) continue;
      vulnerabilities.push(vulnerability(vid, v.Severity, v.PkgName, v.InstalledVersion, v.FixedVersion));
    }
  }
  return scanOf(source, image, id, vulnerabilities);
}

/** `grype -o json`: source.target (userInput, manifestDigest, repoDigests, tags), matches[]. */
function readGrype(source: string, report: Json): ImageScan {
  const target = asRecord(asRecord(report.source)?.target) ?? {};
  const image = str(target.userInput) ?? '(unnamed image)';
  const id = new Identity();
  id.reference(target.userInput);
  for (const tag of asArray(target.tags)) id.reference(tag);
  for (const digest of asArray(target.repoDigests)) id.reference(digest);
  id.digest(target.manifestDigest);
  const vulnerabilities: Vulnerability[] = [];
  for (const item of asArray(report.matches)) {
    const match = asRecord(item);
    const v = asRecord(match?.vulnerability);
    const vid = str(v?.id);
    if (v === undefined || vid === undefined) continue;
    const fix = asRecord(v.fix);
    const fixed = fix?.state === 'fixed' ? asArray(fix.versions)[0] : undefined;
    const artifact = asRecord(match?.artifact);
    vulnerabilities.push(vulnerability(vid, v.severity, artifact?.name, artifact?.version, fixed));
  }
  return scanOf(source, image, id, vulnerabilities);
}

/** The most severe rating of a CycloneDX vulnerability. */
function cyclonedxSeverity(ratings: unknown): Severity {
  const order: Severity[] = ['critical', 'high', 'medium', 'low'];
  const found = asArray(ratings).map((r) => severityOf(asRecord(r)?.severity));
  return order.find((s) => found.includes(s)) ?? 'info';
}

/**
 * CycloneDX with `vulnerabilities`: the image is metadata.component (a `pkg:oci` purl, its name and version,
 * Trivy's RepoTag/RepoDigest properties); each vulnerability affects components by bom-ref. A fixed version is an
 * `unaffected` version of the affected component, else read from the `Upgrade … to …` recommendation.
 */
function readCycloneDx(source: string, report: Json): ImageScan {
  const component = asRecord(asRecord(report.metadata)?.component) ?? {};
  const id = new Identity();
  const fromPurl = imageOfPurl(component.purl);
  if (fromPurl?.digest !== undefined) id.digests.add(fromPurl.digest);
  if (fromPurl?.tag !== undefined) id.names.add(nameAndTag(fromPurl));
  const name = str(component.name);
  const version = str(component.version);
  if (name !== undefined) {
    if (name.includes(':') || name.includes('@')) id.reference(name);
    else if (version?.startsWith('sha256:')) id.digest(version);
    else if (version !== undefined) id.reference(`${name}:${version}`);
  }
  for (const hash of asArray(component.hashes)) {
    const h = asRecord(hash);
    if (h?.alg === 'SHA-256' && typeof h.content === 'string') id.digest(`sha256:${h.content}`);
  }
  for (const property of asArray(component.properties)) {
    const p = asRecord(property);
    if (typeof p?.name !== 'string') continue;
    if (/RepoTag$/.test(p.name)) id.reference(p.value);
    if (/RepoDigest$/.test(p.name)) id.reference(p.value);
  }
  const packages = new Map<string, Json>();
  for (const c of asArray(report.components)) {
    const rec = asRecord(c);
    const ref = str(rec?.['bom-ref']);
    if (rec !== undefined && ref !== undefined) packages.set(ref, rec);
  }
  const vulnerabilities: Vulnerability[] = [];
  for (const item of asArray(report.vulnerabilities)) {
    const v = asRecord(item);
    const vid = str(v?.id);
    if (v === undefined || vid === undefined) continue;
    const severity = cyclonedxSeverity(v.ratings);
    const affects = asArray(v.affects).map(asRecord);
    const upgrade = /\bto (?:version )?(\S+?)\.?$/i.exec(str(v.recommendation) ?? '')?.[1];
    for (const affect of affects.length > 0 ? affects : [undefined]) {
      const pkg = packages.get(str(affect?.ref) ?? '');
      const unaffected = asArray(affect?.versions)
        .map(asRecord)
        .find((ver) => ver?.status === 'unaffected')?.version;
      vulnerabilities.push({
        ...vulnerability(vid, undefined, pkg?.name, pkg?.version, unaffected ?? upgrade),
        severity,
      });
    }
  }
  const image =
    (fromPurl ? fromPurl.raw : undefined) ??
    (name && version ? `${name}:${version}` : (name ?? '(unnamed image)'));
  return scanOf(source, image, id, vulnerabilities);
}

/** The format of a parsed report, or undefined. */
export function reportFormat(report: Json): 'trivy' | 'grype' | 'cyclonedx' | undefined {
  if (report.bomFormat === 'CycloneDX') return 'cyclonedx';
  if (Array.isArray(report.matches) && asRecord(report.source) !== undefined) return 'grype';
  if ('SchemaVersion' in report && ('ArtifactName' in report || 'Results' in report)) return 'trivy';
  return undefined;
}

/** One report's text → its image scan (the file name is the scan's source). */
export function parseVulnerabilityReport(file: string, text: string): ImageScan {
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch (error) {
    throw new SupplyError(`${file}: not JSON: ${(error as Error).message}`);
  }
  const json = asRecord(report);
  const format = json === undefined ? undefined : reportFormat(json);
  if (json === undefined || format === undefined)
    throw new SupplyError(
      `${file}: not a vulnerability report parapet reads (Trivy JSON from \`trivy image -f json\`, Grype JSON from \`grype -o json\`, or CycloneDX JSON with vulnerabilities)`,
    );
  if (format === 'trivy') return readTrivy(file, json);
  if (format === 'grype') return readGrype(file, json);
  return readCycloneDx(file, json);
}

/** A --vulns argument: the file, or every `.json` file of a directory (sorted; carried reports are kept so). */
async function reportFiles(arg: string): Promise<string[]> {
  const info = await stat(arg).catch((error: NodeJS.ErrnoException) => {
    throw new SupplyError(`${arg}: cannot read: ${error.code ?? error.message}`);
  });
  if (!info.isDirectory()) return [arg];
  const names = (await readdir(arg)).filter((name) => name.endsWith('.json')).sort();
  if (names.length === 0) throw new SupplyError(`${arg}: a directory with no .json report in it`);
  return names.map((name) => path.join(arg, name));
}

/** `--vulns FILE|DIR ...` → their image scans, in order. */
export async function readVulnerabilityReports(args: readonly string[]): Promise<ImageScan[]> {
  const files: string[] = [];
  for (const arg of args) files.push(...(await reportFiles(arg)));
  const out: ImageScan[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new SupplyError(`${file}: cannot read: ${error.code ?? error.message}`);
    });
    out.push(parseVulnerabilityReport(file, text));
  }
  return out;
}
