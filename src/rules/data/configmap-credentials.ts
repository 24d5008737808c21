import { describeResource } from '../../inventory/resource.js';
import { CIS, MS_TMK, NIST, NSA, OWASP } from '../../references/controls.js';
import { classifyCredential } from '../credentials.js';
import { asRecord } from '../helpers.js';
import type { ObjectRule } from '../types.js';

/**
 * ConfigMaps are plain configuration: not encrypted at rest by default, readable wherever configuration is, and
 * printed by every tool. Credentials in them are PP-DATA-002's; env values and Secrets are PP-WL-032's, and both
 * rules share ../credentials.ts. Messages say where a credential is, never what it is.
 */
export const configMapCredentials: ObjectRule = {
  meta: {
    id: 'PP-DATA-002',
    title: 'Credentials in a ConfigMap',
    chapter: 'data',
    severity: 'high',
    recommendation:
      'Keep credentials out of ConfigMaps: put them in Secrets, or better an external secret store.',
    rationale:
      'ConfigMaps are meant to be read: RBAC grants them freely, they are not covered by Secret encryption at rest, and they end up in Git, logs and support bundles. ' +
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR}, as manifests write placeholders
      'Detected in values and in files kept in a ConfigMap: AWS access key ids and secret keys, Azure storage connection strings and client secrets, Google Cloud service-account key JSON, PEM private keys, passwords inside URLs, and literal values of password/token/secret-named settings (high). A key named for a credential (`aws_secret_access_key`, `SMTP_PASSWORD`, `private-key`) that holds a placeholder or template (`changeme`, `xxxx`, `${VAR}`, `<your-key>`) is reported low: nothing leaks yet, but the real value is meant to go there. Findings name the key (and line), never the value.',
    remediation:
      'Move the credential into a Secret (or an external store via External Secrets or the Secrets Store CSI driver), reference it from there, and rotate it; replace static cloud keys with workload identity.',
    references: [
      CIS.externalSecrets,
      NIST.imageSecrets,
      NSA.secrets,
      OWASP.secrets,
      MS_TMK.applicationCredentials,
    ],
    appliesTo: ['ConfigMap'],
    examples: {
      fail: `apiVersion: v1
kind: ConfigMap
metadata: {name: app, namespace: shop}
data:
  LOG_LEVEL: info
  DB_PASSWORD: hunter2
`,
      pass: `apiVersion: v1
kind: ConfigMap
metadata: {name: app, namespace: shop}
data:
  LOG_LEVEL: info
  DB_PASSWORD_FILE: /run/secrets/db/password
`,
    },
  },
  target: 'object',
  *check(resource) {
    const data = asRecord(resource.object.data);
    if (data === undefined) return;
    for (const [key, value] of Object.entries(data)) {
      if (typeof value !== 'string') continue;
      const found = classifyCredential(key, value);
      if (found === undefined) continue;
      if (found.placeholder) {
        yield {
          path: ['data', key],
          severity: 'low',
          message: `${describeResource(resource)} has key \`${key}\`, named for ${found.description}, holding what looks like a placeholder; keep the real value out of the ConfigMap: put it in a Secret`,
        };
        continue;
      }
      const where = found.line === undefined ? `key \`${key}\`` : `key \`${key}\` (line ${found.line})`;
      const fix = found.cloud
        ? 'replace the static key with workload identity, or at least move it into a Secret, and rotate it'
        : 'move it into a Secret and rotate it';
      yield {
        path: ['data', key],
        message: `${describeResource(resource)} holds ${found.description} in ${where}; ${fix}`,
      };
    }
  },
};
