/**
 * The image inventory as a CycloneDX 1.6 JSON BOM, made with the CycloneDX library: one component of type
 * `container` per image (and digest), its purl `pkg:oci/…`, its digest as a SHA-256 hash, and the workloads that
 * run it as `parapet:workload` properties. Vulnerabilities joined with --vulns are listed against the component.
 */
import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import { VERSION } from '../version.js';
import type { ImageEntry } from './images.js';
import { workloadName } from './images.js';
import { imagePurl } from './purl.js';
import type { ImageVulnerabilities } from './report.js';

const SEVERITY: Record<string, Enums.Vulnerability.Severity> = {
  critical: Enums.Vulnerability.Severity.Critical,
  high: Enums.Vulnerability.Severity.High,
  medium: Enums.Vulnerability.Severity.Medium,
  low: Enums.Vulnerability.Severity.Low,
  info: Enums.Vulnerability.Severity.Unknown,
};

function component(entry: ImageEntry): Models.Component {
  const { ref } = entry;
  const purl = imagePurl(ref, entry.digest);
  const hashes = new Models.HashDictionary();
  if (entry.digest?.startsWith('sha256:')) hashes.set(Enums.HashAlgorithm['SHA-256'], entry.digest.slice(7));
  const pairs = new Map<string, [string, string]>();
  const property = (name: string, value: string) => pairs.set(`${name}=${value}`, [name, value]);
  property('parapet:image', entry.image);
  property('parapet:registry', ref.registry);
  if (entry.digestSource !== undefined) property('parapet:digestSource', entry.digestSource);
  for (const use of entry.uses) {
    property('parapet:workload', `${workloadName(use)} container ${use.container}`);
    property('parapet:namespace', use.namespace);
    property('parapet:pullPolicy', use.pullPolicy);
  }
  const properties = new Models.PropertyRepository(
    [...pairs.values()].map(([name, value]) => new Models.Property(name, value)),
  );
  return new Models.Component(Enums.ComponentType.Container, `${ref.registry}/${ref.repository}`, {
    bomRef: purl,
    purl,
    ...(ref.tag !== undefined ? { version: ref.tag } : entry.digest ? { version: entry.digest } : {}),
    hashes,
    properties,
  });
}

/** The BOM as JSON text. `vulnerabilities`, when given, are per entry (same order as `entries`). */
export function cyclonedxBom(
  entries: readonly ImageEntry[],
  vulnerabilities?: readonly ImageVulnerabilities[],
  timestamp = new Date(),
): string {
  const bom = new Models.Bom();
  bom.metadata.timestamp = timestamp;
  bom.metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, 'parapet', { version: VERSION }),
  );
  const seen = new Map<string, Models.Component>();
  entries.forEach((entry, i) => {
    const c = component(entry);
    const bomRef = c.bomRef.value ?? '';
    const known = seen.get(bomRef);
    const target = known ?? c;
    if (known === undefined) {
      seen.set(bomRef, c);
      bom.components.add(c);
    } else for (const p of c.properties) known.properties.add(p);
    for (const v of vulnerabilities?.[i]?.vulnerabilities ?? []) {
      const ratings = new Models.Vulnerability.RatingRepository([
        new Models.Vulnerability.Rating({
          severity: SEVERITY[v.severity] ?? Enums.Vulnerability.Severity.Unknown,
        }),
      ]);
      const affects = new Models.Vulnerability.AffectRepository([
        new Models.Vulnerability.Affect(target.bomRef),
      ]);
      const what = v.package ? `${v.package}${v.installed ? ` ${v.installed}` : ''}` : 'the image';
      bom.vulnerabilities.add(
        new Models.Vulnerability.Vulnerability({
          id: v.id,
          ratings,
          affects,
          ...(v.fixedIn ? { recommendation: `Upgrade ${what} to ${v.fixedIn}` } : {}),
        }),
      );
    }
  });
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  return serializer.serialize(bom, { sortLists: true, space: 2 });
}
