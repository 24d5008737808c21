/**
 * The frameworks every rule cites, with their full titles. Rules carry `{framework, id}` pairs as data; the
 * titles and link bases live here once.
 */
export const FRAMEWORKS = {
  CIS: { title: 'CIS Kubernetes Benchmark', short: 'cis' },
  'NSA-CISA': { title: 'NSA/CISA Kubernetes Hardening Guide', short: 'nsa' },
  OWASP: { title: 'OWASP Kubernetes Security Cheat Sheet', short: 'owasp' },
  'NIST-800-190': { title: 'NIST SP 800-190 Application Container Security Guide', short: 'nist' },
  'MS-TMK': { title: 'Microsoft Threat Matrix for Kubernetes', short: 'mitre' },
  PSS: { title: 'Kubernetes Pod Security Standards', short: 'pss' },
} as const;

export type Framework = keyof typeof FRAMEWORKS;

export interface Reference {
  framework: Framework;
  /** The control's id in that framework, e.g. `5.2.2`, `MS-TA9013`, `privileged`. */
  id: string;
  /** Optional short title of the control. */
  title?: string;
}

export function isFramework(value: string): value is Framework {
  return Object.hasOwn(FRAMEWORKS, value);
}

/** Maps a `--framework` flag value (cis, nsa, owasp, nist, mitre, pss) to its framework. */
export function frameworkByShortName(name: string): Framework | undefined {
  for (const [key, info] of Object.entries(FRAMEWORKS)) {
    if (info.short === name.toLowerCase()) return key as Framework;
  }
  return undefined;
}

export function formatReference(ref: Reference): string {
  return `${ref.framework} ${ref.id}`;
}
