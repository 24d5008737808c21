import { extractPodTemplate, listContainers, POD_CONTROLLER_KINDS } from '../../inventory/pod-specs.js';
import { describeResource, type Resource } from '../../inventory/resource.js';
import { CIS, MS_TMK, NIST, NSA, OWASP } from '../../references/controls.js';
import { type CredentialMatch, classifyCredential } from '../credentials.js';
import { asArray, asRecord, describeContainer } from '../helpers.js';
import { secretEntries } from '../secret-data.js';
import { containerPath, type ObjectRule, type PodUnderCheck, type Violation } from '../types.js';

const COMMON_REFERENCES = [NIST.imageSecrets, CIS.externalSecrets, NSA.secrets, OWASP.secrets];
/** A credential written into the manifest (MS-TA9027), and where it is a cloud key, a way into the cloud (MS-TA9020). */
const CREDENTIAL_IN_CONFIG = [...COMMON_REFERENCES, MS_TMK.applicationCredentials];
const CLOUD_KEY_IN_CONFIG = [...CREDENTIAL_IN_CONFIG, MS_TMK.accessCloudResources];
/** A Secret is the right place for a credential: only the static cloud key is the problem. */
const CLOUD_KEY_IN_SECRET = [...COMMON_REFERENCES, MS_TMK.accessCloudResources];

const WORKLOAD_IDENTITY =
  'workload identity (EKS Pod Identity or IRSA, Azure Workload Identity, GKE Workload Identity)';

/**
 * Static credentials written into a pod spec are in every copy of the manifest (Git history, Helm releases,
 * `kubectl get -o yaml`). Secrets are the right place for credentials, but static cloud keys kept there should
 * still become workload identity. ConfigMaps are PP-DATA-002's; the patterns are shared in ../credentials.ts.
 * Messages say where a credential is, never what it is.
 */
export const staticCredentials: ObjectRule = {
  meta: {
    id: 'PP-WL-032',
    title: 'Static credentials in env values or Secrets',
    chapter: 'workloads',
    severity: 'high',
    recommendation:
      'Keep no credentials in env values, and replace static cloud keys (also those in Secrets) with workload identity.',
    rationale:
      'A literal `env[].value` is stored in the manifest and everywhere it travels (Git, CI logs, Helm release Secrets, `kubectl get -o yaml`), readable by anyone who can read the workload. ' +
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR}, as manifests write placeholders
      'Detected: AWS access key ids (AKIA.../ASIA...) and secret keys by name, Azure storage connection strings and client secrets, Google Cloud service-account key JSON, PEM private keys, passwords inside URLs, and literal values of password/token/secret-named variables (high); a variable named for a credential whose value looks like a placeholder or template (`changeme`, `xxxx`, `${VAR}`, `<your-key>`) is reported low, since the real value is meant to be written there. ' +
      'Secrets are judged only for static cloud keys (medium): a Secret is the right place for a credential, but a long-lived cloud key can be used from anywhere until someone rotates it, while workload identity issues short-lived tokens bound to the pod. ' +
      'Findings name the variable or key, never the value. ConfigMaps are covered by PP-DATA-002.',
    remediation:
      'Move env credentials into a Secret (mounted as a file, see PP-WL-033) and rotate them, since the old value stays in history; replace static cloud keys with workload identity.',
    references: [...COMMON_REFERENCES, MS_TMK.applicationCredentials, MS_TMK.accessCloudResources],
    appliesTo: [...POD_CONTROLLER_KINDS, 'Secret'],
    examples: {
      fail: `apiVersion: v1
kind: Pod
metadata: {name: uploader, namespace: shop}
spec:
  containers:
    - name: app
      image: registry.example.com/shop/uploader:2.0.1
      env:
        - name: AWS_ACCESS_KEY_ID
          value: AKIAIOSFODNN7EXAMPLE
        - name: AWS_SECRET_ACCESS_KEY
          value: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
`,
      pass: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: uploader
  namespace: shop
  annotations: {eks.amazonaws.com/role-arn: "arn:aws:iam::111122223333:role/uploader"}
---
apiVersion: v1
kind: Pod
metadata: {name: uploader, namespace: shop}
spec:
  serviceAccountName: uploader
  containers:
    - name: app
      image: registry.example.com/shop/uploader:2.0.1
`,
    },
  },
  target: 'object',
  *check(resource) {
    if (resource.kind === 'Secret') {
      yield* checkSecret(resource);
      return;
    }
    const template = extractPodTemplate(resource.object, resource.kind);
    if (template === undefined) return;
    const pod: PodUnderCheck = { resource, template, containers: listContainers(template.spec) };
    for (const container of pod.containers) {
      for (const [index, item] of asArray(container.container.env).entries()) {
        const env = asRecord(item);
        const name = env?.name;
        const value = env?.value;
        if (typeof name !== 'string' || typeof value !== 'string') continue;
        const found = classifyCredential(name, value);
        if (found === undefined) continue;
        const who = describeContainer(pod, container);
        const path = containerPath(pod, container, 'env', index, 'value');
        const references = found.cloud ? CLOUD_KEY_IN_CONFIG : CREDENTIAL_IN_CONFIG;
        if (found.placeholder) {
          const fix = found.cloud
            ? `use ${WORKLOAD_IDENTITY} instead of filling it in`
            : 'read the real value from a Secret mounted as a file instead of filling it in';
          yield {
            path,
            severity: 'low',
            references,
            message: `${who} sets env var \`${name}\`, named for ${found.description}, to what looks like a placeholder; ${fix}`,
          };
          continue;
        }
        const fix = found.cloud
          ? `use ${WORKLOAD_IDENTITY} instead, and rotate the key`
          : 'move it into a Secret mounted as a file, and rotate it';
        yield {
          path,
          message: `${who} sets env var \`${name}\` to ${found.description}${lineNote(found)}; ${fix}`,
          references,
        };
      }
    }
  },
};

function* checkSecret(resource: Resource): Iterable<Violation> {
  for (const { key, value, path } of secretEntries(resource)) {
    const found = [classifyCredential(key, value), classifyCredential(key)].find((m) => m?.cloud);
    if (found === undefined) continue;
    yield found.placeholder
      ? {
          path,
          severity: 'low',
          references: CLOUD_KEY_IN_SECRET,
          message: `${describeResource(resource)} has key \`${key}\`, named for ${found.description}, holding what looks like a placeholder; use ${WORKLOAD_IDENTITY} instead of filling it in`,
        }
      : {
          path,
          severity: 'medium',
          references: CLOUD_KEY_IN_SECRET,
          message: `${describeResource(resource)} holds ${found.description} under key \`${key}\`${lineNote(found)}; a Secret is the right place for it, but replace the static key with ${WORKLOAD_IDENTITY}`,
        };
  }
}

function lineNote(found: CredentialMatch): string {
  return found.line === undefined ? '' : ` (line ${found.line})`;
}
