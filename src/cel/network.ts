/**
 * Kubernetes' IP and CIDR libraries for CEL: `ip(s)`, `isIP(s)`, `ip.isCanonical(s)`, an IP's `family`,
 * `isUnspecified`, `isLoopback`, `isLinkLocalMulticast`, `isLinkLocalUnicast` and `isGlobalUnicast`; `cidr(s)`,
 * `isCIDR(s)`, a CIDR's `containsIP`, `containsCIDR`, `ip`, `masked` and `prefixLength`. As the API server parses
 * them (Go's netip): no leading zeros in IPv4, no zones, no IPv4-mapped IPv6 addresses.
 */
import { type CelFunc, CelScalar, type CelType, celFunc, celMethod } from '@bufbuild/cel';
import { opaqueType } from './opaque.js';

const { INT, STRING, DYN, BOOL } = CelScalar;

interface Address {
  family: 4 | 6;
  /** The address as a 32- or 128-bit number. */
  value: bigint;
}

interface Prefix {
  address: Address;
  length: number;
}

const bits = (family: 4 | 6) => (family === 4 ? 32 : 128);

function parseIPv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^(?:0|[1-9][0-9]{0,2})$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

function parseIPv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string): number[] | undefined => {
    if (half === '') return [];
    const groups: number[] = [];
    const parts = half.split(':');
    for (const [i, part] of parts.entries()) {
      if (i === parts.length - 1 && part.includes('.')) {
        const v4 = parseIPv4(part);
        if (v4 === undefined) return undefined;
        groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) groups.push(Number.parseInt(part, 16));
      else return undefined;
    }
    return groups;
  };
  const head = groupsOf(halves[0] ?? '');
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  // an embedded IPv4 address ends the address: none before `::`
  if (halves.length === 2 && (halves[0] ?? '').includes('.')) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return groups.reduce((v, g) => (v << 16n) | BigInt(g), 0n);
}

export function parseAddress(text: string): Address | undefined {
  if (text.includes(':')) {
    const value = parseIPv6(text);
    // IPv4-mapped addresses (::ffff:a.b.c.d) are refused, as the API server refuses them
    if (value === undefined || value >> 32n === 0xffffn) return undefined;
    return { family: 6, value };
  }
  const value = parseIPv4(text);
  return value === undefined ? undefined : { family: 4, value };
}

/** Go's netip text: dotted IPv4; IPv6 in lower case with the longest run of zero groups as `::` (RFC 5952). */
export function formatAddress(a: Address): string {
  if (a.family === 4) return [24n, 16n, 8n, 0n].map((s) => String((a.value >> s) & 0xffn)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number((a.value >> BigInt(112 - 16 * i)) & 0xffffn));
  let [best, bestLength] = [-1, 1];
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [best, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLength).join(':')}`;
}

function parsePrefix(text: string): Prefix | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseAddress(text.slice(0, slash));
  const lengthText = text.slice(slash + 1);
  if (address === undefined || !/^(?:0|[1-9][0-9]*)$/.test(lengthText)) return undefined;
  const length = Number(lengthText);
  return length > bits(address.family) ? undefined : { address, length };
}

const IP = opaqueType<Address>('net.IP', formatAddress, (text) => parseAddress(text) as Address);
const CIDR = opaqueType<Prefix>(
  'net.CIDR',
  (p) => `${formatAddress(p.address)}/${p.length}`,
  (text) => parsePrefix(text) as Prefix,
);

function must<V>(value: V | undefined, what: string, text: string): V {
  if (value === undefined) throw new Error(`${what} ${JSON.stringify(text)} is not valid`);
  return value;
}

/** Whether the address lies in the prefix (value/length) of its family. */
function inPrefix(a: Address, family: 4 | 6, prefix: bigint, length: number): boolean {
  if (a.family !== family) return false;
  const shift = BigInt(bits(family) - length);
  return a.value >> shift === prefix >> shift;
}

function masked(p: Prefix): Prefix {
  const shift = BigInt(bits(p.address.family) - p.length);
  return {
    address: { family: p.address.family, value: (p.address.value >> shift) << shift },
    length: p.length,
  };
}

const contains = (p: Prefix, a: Address) => inPrefix(a, p.address.family, p.address.value, p.length);

const V4 = (text: string) => parseIPv4(text) as bigint;
const V6 = (text: string) => parseIPv6(text) as bigint;

const isUnspecified = (a: Address) => a.value === 0n;
const isLoopback = (a: Address) => (a.family === 4 ? inPrefix(a, 4, V4('127.0.0.0'), 8) : a.value === 1n);
const isMulticast = (a: Address) => inPrefix(a, 4, V4('224.0.0.0'), 4) || inPrefix(a, 6, V6('ff00::'), 8);
const isLinkLocalUnicast = (a: Address) =>
  inPrefix(a, 4, V4('169.254.0.0'), 16) || inPrefix(a, 6, V6('fe80::'), 10);

function on<V>(
  type: typeof IP | typeof CIDR,
  name: string,
  args: CelType[],
  result: CelType,
  impl: (value: V, ...args: unknown[]) => unknown,
) {
  return celMethod(name, DYN, args as never, result, function (this: unknown, ...rest: unknown[]) {
    return impl(type.unwrap(this, name) as V, ...rest) as never;
  });
}

/** An IP given as an IP or as text (containsIP takes both), likewise a CIDR. */
const ipOf = (v: unknown, method: string) =>
  typeof v === 'string' ? must(parseAddress(v), 'IP address', v) : IP.unwrap(v, method);
const cidrOf = (v: unknown, method: string) =>
  typeof v === 'string' ? must(parsePrefix(v), 'CIDR', v) : CIDR.unwrap(v, method);

export const NETWORK_FUNCTIONS: readonly CelFunc[] = [
  celFunc('ip', [STRING], DYN, (text: string) => IP.wrap(must(parseAddress(text), 'IP address', text))),
  celFunc('isIP', [STRING], BOOL, (text: string) => parseAddress(text) !== undefined),
  celFunc('ip.isCanonical', [STRING], BOOL, (text: string) => {
    const a = must(parseAddress(text), 'IP address', text);
    return formatAddress(a) === text;
  }),
  on<Address>(IP, 'family', [], INT, (a) => BigInt(a.family)),
  on<Address>(IP, 'isUnspecified', [], BOOL, isUnspecified),
  on<Address>(IP, 'isLoopback', [], BOOL, isLoopback),
  on<Address>(
    IP,
    'isLinkLocalMulticast',
    [],
    BOOL,
    (a) => inPrefix(a, 4, V4('224.0.0.0'), 24) || inPrefix(a, 6, V6('ff02::'), 16),
  ),
  on<Address>(IP, 'isLinkLocalUnicast', [], BOOL, isLinkLocalUnicast),
  // as Go's IsGlobalUnicast: private ranges count, the limited broadcast address does not
  on<Address>(
    IP,
    'isGlobalUnicast',
    [],
    BOOL,
    (a) =>
      !isUnspecified(a) &&
      !isLoopback(a) &&
      !isMulticast(a) &&
      !isLinkLocalUnicast(a) &&
      !(a.family === 4 && a.value === 0xffffffffn),
  ),
  celFunc('cidr', [STRING], DYN, (text: string) => CIDR.wrap(must(parsePrefix(text), 'CIDR', text))),
  celFunc('isCIDR', [STRING], BOOL, (text: string) => parsePrefix(text) !== undefined),
  on<Prefix>(CIDR, 'containsIP', [DYN], BOOL, (p, other) => contains(p, ipOf(other, 'containsIP'))),
  on<Prefix>(CIDR, 'containsCIDR', [DYN], BOOL, (p, other) => {
    const o = cidrOf(other, 'containsCIDR');
    return o.length >= p.length && contains(p, o.address);
  }),
  on<Prefix>(CIDR, 'ip', [], DYN, (p) => IP.wrap(p.address)),
  on<Prefix>(CIDR, 'masked', [], DYN, (p) => CIDR.wrap(masked(p))),
  on<Prefix>(CIDR, 'prefixLength', [], INT, (p) => BigInt(p.length)),
];
