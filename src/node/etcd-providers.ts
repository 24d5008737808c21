/**
 * What the first bytes of a value kube-apiserver stored in etcd say: encrypted values start with
 * `k8s:enc:<provider>:<version>:<key name>:`; anything else (the protobuf `k8s\0` envelope, JSON) was written by
 * the identity provider, in plain text. Only the provider and its version are ever reported, not the key name.
 */

/** Enough bytes to read the longest `k8s:enc:<provider>:<version>:` prefix. */
export const PREFIX_BYTES = 32;

const ENCRYPTED = 'k8s:enc:';

export interface StoredForm {
  encrypted: boolean;
  /** aescbc, aesgcm, secretbox, kms v1, kms v2, identity, or `unknown` for an encryption prefix parapet does not know. */
  provider: string;
}

export function storedForm(head: Uint8Array): StoredForm {
  const text = Buffer.from(head.subarray(0, PREFIX_BYTES)).toString('latin1');
  if (!text.startsWith(ENCRYPTED)) return { encrypted: false, provider: 'identity' };
  const match = /^k8s:enc:(aescbc|aesgcm|secretbox|kms):(v\d+):/.exec(text);
  if (!match) return { encrypted: true, provider: 'unknown' };
  const [, provider, version] = match as unknown as [string, string, string];
  return { encrypted: true, provider: provider === 'kms' ? `kms ${version}` : provider };
}

/** `<prefix>/secrets/<namespace>/<name>` → namespace and name; undefined for other shapes. */
export function objectOfKey(
  key: string,
  resourcePrefix: string,
): { namespace: string; name: string } | undefined {
  if (!key.startsWith(resourcePrefix)) return undefined;
  const parts = key.slice(resourcePrefix.length).split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return { namespace: parts[0], name: parts[1] };
}
