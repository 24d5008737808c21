/**
 * Package URLs of container images (`pkg:oci/nginx@sha256%3A…?repository_url=docker.io/library/nginx&tag=1.25.3`),
 * after the purl spec's `oci` type: the name is the repository's last component, the version the manifest digest,
 * `repository_url` the full repository and `tag` the tag. Made and read with packageurl-js.
 */
import { PackageURL } from 'packageurl-js';
import { type ImageRef, parseImage } from '../rules/workloads/image-ref.js';

export function imagePurl(ref: ImageRef, digest = ref.digest): string {
  const name = ref.repository.slice(ref.repository.lastIndexOf('/') + 1).toLowerCase();
  const qualifiers: Record<string, string> = { repository_url: `${ref.registry}/${ref.repository}` };
  if (ref.tag !== undefined) qualifiers.tag = ref.tag;
  return new PackageURL('oci', undefined, name, digest, qualifiers).toString();
}

/** The image a `pkg:oci` purl names (its digest as `ref.digest`), or undefined for other purls. */
export function imageOfPurl(purl: unknown): ImageRef | undefined {
  if (typeof purl !== 'string' || !purl.startsWith('pkg:oci/')) return undefined;
  let parsed: PackageURL;
  try {
    parsed = PackageURL.fromString(purl);
  } catch {
    return undefined;
  }
  const repository = parsed.qualifiers?.repository_url ?? parsed.name;
  const tag = parsed.qualifiers?.tag;
  const digest = parsed.version?.startsWith('sha256:') ? parsed.version : undefined;
  return parseImage(`${repository}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`);
}
