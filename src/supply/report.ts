/**
 * `parapet images` output: the inventory as a table or JSON, and with --vulns the scans joined to each image and
 * its workloads ("Deployment shop/web runs nginx:1.25.3 with 2 critical and 5 high vulnerabilities (…)").
 */
import {
  countBySeverity,
  examplesOf,
  type ImageScan,
  type ImageScanMatch,
  matchedBy,
  matchScans,
  type Vulnerability,
  vulnerabilitiesOf,
} from '../rules/workloads/image-scans.js';
import type { ImageEntry } from './images.js';
import { workloadName } from './images.js';

export interface ImageVulnerabilities {
  matches: ImageScanMatch[];
  vulnerabilities: Vulnerability[];
}

/** The scans of each entry (same order); entries without a scan get no matches. */
export function joinScans(
  entries: readonly ImageEntry[],
  scans: readonly ImageScan[],
): ImageVulnerabilities[] {
  return entries.map((entry) => {
    const matches = matchScans(scans, entry.ref, entry.digest === undefined ? [] : [entry.digest]);
    return { matches, vulnerabilities: vulnerabilitiesOf(matches) };
  });
}

/** One line per workload that runs a vulnerable image, most vulnerable image first. */
export function vulnerabilityLines(
  entries: readonly ImageEntry[],
  joined: readonly ImageVulnerabilities[],
): string[] {
  const lines: { weight: number; text: string }[] = [];
  entries.forEach((entry, i) => {
    const found = joined[i];
    if (found === undefined || found.matches.length === 0) return;
    const serious = found.vulnerabilities.filter((v) => v.severity === 'critical' || v.severity === 'high');
    const shown = serious.length > 0 ? serious : found.vulnerabilities;
    const weight =
      found.vulnerabilities.filter((v) => v.severity === 'critical').length * 1000 + serious.length;
    for (const use of entry.uses) {
      const what =
        shown.length === 0
          ? 'no known vulnerabilities'
          : `${countBySeverity(shown)} (${examplesOf(shown)})${serious.length > 0 && serious.length < found.vulnerabilities.length ? `, ${found.vulnerabilities.length - serious.length} less severe` : ''}`;
      lines.push({
        weight,
        text: `${workloadName(use)} runs ${entry.image} with ${what}; ${matchedBy(found.matches)}`,
      });
    }
  });
  return lines.sort((a, b) => b.weight - a.weight).map((l) => l.text);
}

const short = (digest: string | undefined) => (digest === undefined ? '-' : `${digest.slice(0, 19)}…`);

/** A plain aligned table: IMAGE, DIGEST, WORKLOADS, PULL POLICY (and VULNERABILITIES with --vulns). */
export function renderImagesTable(
  entries: readonly ImageEntry[],
  joined?: readonly ImageVulnerabilities[],
): string {
  const header = ['IMAGE', 'DIGEST', 'WORKLOADS', 'PULL POLICY', ...(joined ? ['VULNERABILITIES'] : [])];
  const rows = entries.map((entry, i) => {
    const workloads = [...new Set(entry.uses.map(workloadName))].join(', ');
    const policies = [
      ...new Set(entry.uses.map((u) => `${u.pullPolicy}${u.pullPolicyDefault ? ' (default)' : ''}`)),
    ];
    const digest =
      entry.digest === undefined
        ? '-'
        : `${short(entry.digest)}${entry.digestSource === 'cluster' ? ' (running)' : ''}`;
    const row = [entry.image, digest, workloads, policies.join(', ')];
    if (joined) {
      const found = joined[i];
      row.push(
        found === undefined || found.matches.length === 0
          ? 'no report'
          : found.vulnerabilities.length === 0
            ? 'none known'
            : countBySeverity(found.vulnerabilities).replace(/ vulnerabilit(y|ies)$/, ''),
      );
    }
    return row;
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [line(header), ...rows.map(line)];
  const distinct = new Set(entries.map((e) => e.image)).size;
  out.push(
    '',
    `${distinct} image${distinct === 1 ? '' : 's'} in use by ${new Set(entries.flatMap((e) => e.uses.map(workloadName))).size} workload(s)`,
  );
  if (joined) {
    const lines = vulnerabilityLines(entries, joined);
    if (lines.length > 0) out.push('', ...lines);
    const unmatched = entries.filter((_, i) => (joined[i]?.matches.length ?? 0) === 0).length;
    if (unmatched > 0) out.push('', `${unmatched} image(s) without a vulnerability report: not assessed`);
  }
  return `${out.join('\n')}\n`;
}

/** The inventory as JSON (with the joined vulnerabilities when given). */
export function renderImagesJson(
  entries: readonly ImageEntry[],
  joined?: readonly ImageVulnerabilities[],
): string {
  const images = entries.map((entry, i) => {
    const { ref } = entry;
    const out: Record<string, unknown> = {
      image: entry.image,
      registry: ref.registry,
      repository: ref.repository,
      ...(ref.tag !== undefined ? { tag: ref.tag } : {}),
      ...(entry.digest !== undefined ? { digest: entry.digest, digestSource: entry.digestSource } : {}),
      workloads: entry.uses,
    };
    const found = joined?.[i];
    if (joined) {
      out.vulnerabilityReports = (found?.matches ?? []).map((m) => ({
        file: m.scan.source,
        matchedBy: m.by,
      }));
      out.vulnerabilities = found?.vulnerabilities ?? [];
    }
    return out;
  });
  return `${JSON.stringify({ images }, null, 2)}\n`;
}
