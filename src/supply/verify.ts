/**
 * Cosign signature verification against the registry: resolve the image to its manifest digest (a pinned
 * digest is checked as is; a tag is resolved now), fetch the signature artifact `sha256-<hex>.sig`, check each
 * signature layer's ECDSA signature (annotation `dev.cosignproject.cosign/signature`) over its simple-signing
 * payload with the given public key, and check that the payload names the same manifest digest.
 */
import { createHash, type KeyObject, verify } from 'node:crypto';
import { type ImageRef, parseImage } from '../rules/workloads/image-ref.js';
import { type RegistryClient, UnreachableError } from './registry.js';

export const SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';
export const SIMPLE_SIGNING = 'application/vnd.dev.cosign.simplesigning.v1+json';

export type VerifyStatus = 'valid' | 'unsigned' | 'invalid' | 'mismatch' | 'unreachable' | 'not-found';

export interface VerifyResult {
  image: string;
  status: VerifyStatus;
  /** The manifest digest verified (or looked up). */
  digest?: string;
  /** True when the reference was a tag, resolved now: the verdict holds for this digest only. */
  resolvedFromTag?: boolean;
  detail: string;
}

/** The digest a simple-signing payload names, or undefined when it is not one. */
function payloadDigest(payload: Buffer): string | undefined {
  try {
    const json = JSON.parse(payload.toString('utf8')) as {
      critical?: { type?: string; image?: { 'docker-manifest-digest'?: string } };
    };
    return json.critical?.image?.['docker-manifest-digest'];
  } catch {
    return undefined;
  }
}

interface Layer {
  digest?: string;
  mediaType?: string;
  annotations?: Record<string, string>;
}

async function verifyOne(client: RegistryClient, ref: ImageRef, key: KeyObject): Promise<VerifyResult> {
  const { registry, repository } = ref;
  const image = ref.raw;
  const resolved = await client.resolve(registry, repository, ref.digest ?? ref.tag ?? 'latest');
  if (resolved.digest === undefined)
    return {
      image,
      status: resolved.status === 404 ? 'not-found' : 'unreachable',
      detail:
        resolved.status === 404
          ? `${registry} has no manifest ${repository}:${ref.digest ?? ref.tag ?? 'latest'}`
          : `${registry} answered ${resolved.status} for the manifest`,
    };
  const digest = resolved.digest;
  const base = { image, digest, ...(ref.digest === undefined ? { resolvedFromTag: true } : {}) };
  if (ref.digest !== undefined && ref.digest !== digest)
    return {
      ...base,
      status: 'mismatch',
      detail: `the registry serves ${digest} for the pinned ${ref.digest}`,
    };
  const sigTag = `${digest.replace(':', '-')}.sig`;
  const sig = await client.request(
    registry,
    repository,
    'GET',
    `manifests/${sigTag}`,
    'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json',
  );
  if (sig.status === 404) return { ...base, status: 'unsigned', detail: `no signature artifact ${sigTag}` };
  if (sig.status !== 200)
    return { ...base, status: 'unreachable', detail: `${registry} answered ${sig.status} for ${sigTag}` };
  let layers: Layer[] = [];
  try {
    layers = (JSON.parse(sig.body.toString('utf8')) as { layers?: Layer[] }).layers ?? [];
  } catch {
    return { ...base, status: 'invalid', detail: `${sigTag} is not a manifest` };
  }
  const problems: string[] = [];
  let otherDigest: string | undefined;
  for (const [i, layer] of layers.entries()) {
    const signature = layer.annotations?.[SIGNATURE_ANNOTATION];
    if (layer.mediaType !== SIMPLE_SIGNING || signature === undefined || layer.digest === undefined) {
      problems.push(`layer ${i} is not a cosign signature`);
      continue;
    }
    const blob = await client.request(registry, repository, 'GET', `blobs/${layer.digest}`);
    if (blob.status !== 200) {
      problems.push(`layer ${i}: payload ${layer.digest} answered ${blob.status}`);
      continue;
    }
    if (`sha256:${createHash('sha256').update(blob.body).digest('hex')}` !== layer.digest) {
      problems.push(`layer ${i}: payload does not hash to ${layer.digest}`);
      continue;
    }
    let ok = false;
    try {
      ok = verify('sha256', blob.body, key, Buffer.from(signature, 'base64'));
    } catch {
      ok = false;
    }
    if (!ok) {
      problems.push(`layer ${i}: signature does not verify with the key`);
      continue;
    }
    const named = payloadDigest(blob.body);
    if (named === digest)
      return {
        ...base,
        status: 'valid',
        detail:
          ref.digest === undefined
            ? `signed; verified for ${digest}, the digest tag ${ref.tag ?? 'latest'} resolves to now: pin it (${repository}@${digest})`
            : 'signed; signature verified with the key',
      };
    otherDigest = named ?? '(none)';
  }
  if (otherDigest !== undefined)
    return { ...base, status: 'mismatch', detail: `a valid signature names ${otherDigest}, not ${digest}` };
  return {
    ...base,
    status: 'invalid',
    detail: problems.join('; ') || 'the signature artifact has no layers',
  };
}

/** Verifies each image once (same reference, same answer); network failures become `unreachable`. */
export async function verifyImages(
  images: readonly string[],
  client: RegistryClient,
  key: KeyObject,
): Promise<VerifyResult[]> {
  const out: VerifyResult[] = [];
  for (const image of [...new Set(images)].sort()) {
    const ref = parseImage(image);
    if (ref === undefined) continue;
    try {
      out.push(await verifyOne(client, ref, key));
    } catch (error) {
      if (!(error instanceof UnreachableError)) throw error;
      out.push({ image, status: 'unreachable', detail: `registry unreachable: ${error.message}` });
    }
  }
  return out;
}
