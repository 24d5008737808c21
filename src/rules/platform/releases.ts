/**
 * Release currency from data/kubernetes-releases.json (dated; `node scripts/refresh-kubernetes-releases.mjs`
 * regenerates it): is a Kubernetes version's minor still supported, is it on its latest patch, is an operating
 * system still supported. Every verdict names the data's date, since it ages.
 */
import data from '../../../data/kubernetes-releases.json' with { type: 'json' };

export interface MinorRelease {
  minor: string;
  released: string;
  endOfLife: string;
  latest: string;
}

export interface OsRelease {
  name: string;
  match: string;
  endOfSupport: string;
}

export const RELEASE_DATA: { asOf: string; kubernetes: MinorRelease[]; operatingSystems: OsRelease[] } = data;

export const REFRESH_COMMAND = 'node scripts/refresh-kubernetes-releases.mjs';

export interface Version {
  major: number;
  minor: number;
  patch: number;
  /** `1.31.4`, without `v` and a vendor's suffix (`-eks-…`, `+k3s1`). */
  text: string;
}

/** `v1.31.4`, `v1.30.4-eks-a737599`, `v1.31.4+k3s1` → 1.31.4; undefined when it is not a version. */
export function parseVersion(gitVersion: string): Version | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(gitVersion.trim());
  if (match === null) return undefined;
  const [major, minor, patch] = [match[1], match[2], match[3]].map(Number) as [number, number, number];
  return { major, minor, patch, text: `${major}.${minor}.${patch}` };
}

export type Currency =
  | { status: 'current' }
  | { status: 'unsupported'; since?: string }
  | { status: 'behind'; latest: string; endOfLife: string }
  | { status: 'unknown'; reason: string };

/** How `version` stands against the release data on `now` (ms since the epoch). */
export function currencyOf(version: Version, now: number): Currency {
  const releases = RELEASE_DATA.kubernetes;
  const release = releases.find((r) => r.minor === `${version.major}.${version.minor}`);
  if (release === undefined) {
    const oldest = Math.min(...releases.map((r) => Number(r.minor.split('.')[1])));
    if (version.major === 1 && version.minor < oldest) return { status: 'unsupported' };
    return {
      status: 'unknown',
      reason: `${version.major}.${version.minor} is newer than the release data of ${RELEASE_DATA.asOf}; refresh it with \`${REFRESH_COMMAND}\``,
    };
  }
  if (Date.parse(release.endOfLife) <= now) return { status: 'unsupported', since: release.endOfLife };
  const latest = parseVersion(release.latest);
  if (latest !== undefined && version.patch < latest.patch)
    return { status: 'behind', latest: release.latest, endOfLife: release.endOfLife };
  return { status: 'current' };
}

/** The data's own words about a version, for a message: `unsupported since 2025-10-28`. */
export function describeCurrency(currency: Currency): string {
  switch (currency.status) {
    case 'unsupported':
      return currency.since === undefined
        ? 'older than every release the Kubernetes project still patches'
        : `out of support since ${currency.since}: no more security patches`;
    case 'behind':
      return `behind its latest patch ${currency.latest} (the minor is supported until ${currency.endOfLife})`;
    case 'unknown':
      return `not judged: ${currency.reason}`;
    default:
      return 'current';
  }
}

/** The operating system an OS image names (`Ubuntu 20.04.6 LTS`), when the data knows it. */
export function osReleaseOf(osImage: string): OsRelease | undefined {
  return RELEASE_DATA.operatingSystems.find((os) => new RegExp(os.match).test(osImage));
}

/**
 * The `now` parameter of rules judging dates (for tests and reproducible reports); a fresh copy per rule, since
 * the build compiles one validator per schema object.
 */
export const nowParam = () => ({
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      now: {
        type: 'string',
        description: 'ISO date to judge against instead of the current time (for tests).',
      },
    },
  },
  defaults: {},
});
