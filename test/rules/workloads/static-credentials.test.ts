import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyCredential } from '../../../src/rules/credentials.js';
import { staticCredentials } from '../../../src/rules/workloads/static-credentials.js';
import { ruleTester, runRule } from '../../helpers/rule-tester.js';

// Fake credentials, shaped like real ones. None may appear (even in part) in any message.
const AWS_KEY_ID = 'AKIAZQ3DPARAPETTEST7';
const AWS_SECRET = 'q8Vv0XparapetFAKEsecretKEYdoNotUse0123456';
const AZURE_CONN = `DefaultEndpointsProtocol=https;AccountName=edgesite;AccountKey=${'ZmFrZWtleQ'.repeat(8)}==;EndpointSuffix=core.windows.net`;
const AZURE_CLIENT = 'Qx~8Q~parapetFakeClientSecretValue00';
const GCP_JSON =
  '{"type": "service_account", "project_id": "edge", "private_key_id": "f00dfeed", "private_key": "MIIEvQparapetFAKE"}';
const PEM_BODY = 'MIIEvgIBADANparapetFAKEkeyMaterialOnly';
const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n-----END RSA PRIVATE KEY-----`;
const DB_PASSWORD = 'hunter2-parapet';
const URL_PASSWORD = 's3cr3tInUrl';
const API_TOKEN = 'ghp_parapetFakeToken0000000000000000';
const VALUES = [
  AWS_KEY_ID,
  AWS_SECRET,
  AZURE_CONN,
  AZURE_CLIENT,
  GCP_JSON,
  PEM_BODY,
  DB_PASSWORD,
  URL_PASSWORD,
  API_TOKEN,
];

const b64 = (text: string) => Buffer.from(text).toString('base64');
const q = (text: string) => JSON.stringify(text);

const workload = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: uploader, namespace: plant}
spec:
  template:
    spec:
      containers:
        - name: app
          image: registry.example.com/plant/uploader:2.0.1
          env:
            - {name: AWS_ACCESS_KEY_ID, value: ${AWS_KEY_ID}}
            - {name: AWS_SECRET_ACCESS_KEY, value: ${q(AWS_SECRET)}}
            - {name: STORAGE, value: ${q(AZURE_CONN)}}
            - {name: AZURE_CLIENT_SECRET, value: ${q(AZURE_CLIENT)}}
            - {name: GCP_SA, value: ${q(GCP_JSON)}}
            - {name: SIGNING_KEY_PEM, value: ${q(PEM)}}
            - {name: DB_PASSWORD, value: ${q(DB_PASSWORD)}}
            - {name: DATABASE_URL, value: ${q(`postgres://app:${URL_PASSWORD}@db:5432/app`)}}
            - {name: apiToken, value: ${q(API_TOKEN)}}
`;

const secret = `
apiVersion: v1
kind: Secret
metadata: {name: cloud, namespace: plant}
type: Opaque
data:
  aws_secret_access_key: ${b64(AWS_SECRET)}
  credentials: ${b64(`[default]\naws_access_key_id = ${AWS_KEY_ID}\n`)}
  key.json: ${b64(GCP_JSON)}
  password: ${b64(DB_PASSWORD)}
  tls.key: ${b64(PEM)}
stringData:
  AZURE_CLIENT_SECRET: ${q(AZURE_CLIENT)}
`;

// Placeholders planted under credential names; none may appear in any message either.
const PLACEHOLDER_VALUES = [
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR}, as manifests write placeholders
  '${PARAPET_PLANTED_SECRET}',
  'changeme',
  '<parapet-planted-client-secret>',
  'xxxxxxxxxxxx',
  '{{ .Values.parapetPlantedBatchKey }}',
  'PASTE_PARAPET_KEY_HERE',
  'REPLACE_ME',
];

const placeholders = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: uploader, namespace: plant}
spec:
  template:
    spec:
      containers:
        - name: app
          image: registry.example.com/plant/uploader:2.0.1
          env:
            - {name: LOG_LEVEL, value: info}
            - name: DB_PASSWORD
              valueFrom: {secretKeyRef: {name: db, key: password}}
        - name: sidecar
          image: registry.example.com/plant/sync:1.0.0
          env:
            - {name: AWS_SECRET_ACCESS_KEY, value: ${q(PLACEHOLDER_VALUES[0] as string)}}
            - {name: DB_PASSWORD, value: ${PLACEHOLDER_VALUES[1]}}
            - {name: GITHUB_CLIENT_SECRET, value: ${q(PLACEHOLDER_VALUES[2] as string)}}
            - {name: API_TOKEN, value: ${PLACEHOLDER_VALUES[3]}}
            - {name: AZURE_BATCH_KEY, value: ${q(PLACEHOLDER_VALUES[4] as string)}}
            - {name: OCI_CLI_KEY_CONTENT, value: ${PLACEHOLDER_VALUES[5]}}
            - {name: SSH_PRIVATE_KEY, value: ${PLACEHOLDER_VALUES[6]}}
            - {name: AWS_ACCESS_KEY_ID, value: ${AWS_KEY_ID}}
            - {name: TOKEN_TTL, value: ${q(PLACEHOLDER_VALUES[0] as string)}}
`;

const who = 'container `app` in Deployment `plant/uploader`';
const identity =
  'use workload identity (EKS Pod Identity or IRSA, Azure Workload Identity, GKE Workload Identity) instead, and rotate the key';
const secretFix =
  'a Secret is the right place for it, but replace the static key with workload identity (EKS Pod Identity or IRSA, Azure Workload Identity, GKE Workload Identity)';
const envPath = (i: number) => `spec.template.spec.containers[0].env[${i}].value`;

ruleTester(staticCredentials, {
  valid: [
    {
      name: 'references, paths, placeholders and harmless settings in env',
      yaml: `
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  containers:
    - name: app
      image: registry.example.com/shop/web:1.4.2
      env:
        - name: AWS_SECRET_ACCESS_KEY
          valueFrom: {secretKeyRef: {name: aws, key: secret}}
        - {name: DB_PASSWORD, value: "$(FROM_VAULT)"}
        - {name: DB_PASSWORD_FILE, value: /run/secrets/db/password}
        - {name: GOOGLE_APPLICATION_CREDENTIALS, value: /var/run/gcp/key.json}
        - {name: TOKEN_URL, value: "https://login.example.com/oauth/token"}
        - {name: TOKEN_TTL, value: "3600"}
        - {name: SECRET_NAME, value: db}
        - {name: API_KEY_REQUIRED, value: "true"}
        - {name: DATABASE_URL, value: "postgres://app:$(DB_PASSWORD)@db:5432/app"}
        - {name: PASSWORD, value: ""}
        - {name: PASSWORD_MIN_LENGTH, value: "12"}
        - {name: public_key, value: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIparapet"}
        - {name: API_KEY_HEADER, value: X-Api-Key}
        - {name: SECRET_NAME, value: "\${SECRET}"}
        - {name: AZURE_CLIENT_ID, value: 0f1e2d3c-4b5a-6978-8091-a2b3c4d5e6f7}
        - {name: LOG_LEVEL, value: info}
        - {value: orphan}
`,
    },
    {
      name: 'Secrets with ordinary credentials (passwords, TLS keys) are the right place',
      yaml: `
apiVersion: v1
kind: Secret
metadata: {name: db, namespace: shop}
type: Opaque
data: {password: ${b64(DB_PASSWORD)}, token: ${b64(API_TOKEN)}}
---
apiVersion: v1
kind: Secret
metadata: {name: web-tls, namespace: shop}
type: kubernetes.io/tls
data: {tls.crt: "", tls.key: ${b64(PEM)}}
`,
    },
    {
      name: "ConfigMaps are PP-DATA-002's",
      yaml: `
apiVersion: v1
kind: ConfigMap
metadata: {name: app, namespace: shop}
data: {AWS_ACCESS_KEY_ID: ${AWS_KEY_ID}}
`,
    },
  ],
  invalid: [
    {
      name: 'cloud keys, private keys, passwords, URL passwords and tokens in env values; only cloud keys cite MS-TA9020',
      yaml: workload,
      errors: [
        {
          message: `${who} sets env var \`AWS_ACCESS_KEY_ID\` to an AWS access key id; ${identity}`,
          path: envPath(0),
          severity: 'high',
          mitre: ['MS-TA9027', 'MS-TA9020'],
        },
        {
          message: `${who} sets env var \`AWS_SECRET_ACCESS_KEY\` to an AWS secret access key; ${identity}`,
          path: envPath(1),
        },
        {
          message: `${who} sets env var \`STORAGE\` to an Azure storage account key; ${identity}`,
          path: envPath(2),
        },
        {
          message: `${who} sets env var \`AZURE_CLIENT_SECRET\` to an Azure (or other OAuth) client secret; ${identity}`,
          path: envPath(3),
        },
        {
          message: `${who} sets env var \`GCP_SA\` to a Google Cloud service-account or API key; ${identity}`,
          path: envPath(4),
        },
        {
          message: `${who} sets env var \`SIGNING_KEY_PEM\` to a PEM private key (line 1); move it into a Secret mounted as a file, and rotate it`,
          path: envPath(5),
        },
        {
          message: `${who} sets env var \`DB_PASSWORD\` to a literal password or token; move it into a Secret mounted as a file, and rotate it`,
          path: envPath(6),
          mitre: ['MS-TA9027'],
        },
        {
          message: `${who} sets env var \`DATABASE_URL\` to a password inside a URL; move it into a Secret mounted as a file, and rotate it`,
          path: envPath(7),
        },
        {
          message: `${who} sets env var \`apiToken\` to a literal password or token; move it into a Secret mounted as a file, and rotate it`,
          path: envPath(8),
          severity: 'high',
        },
      ],
    },
    {
      name: 'static cloud keys in a Secret, by key name and by content (medium)',
      yaml: secret,
      errors: [
        {
          message: `Secret \`plant/cloud\` holds an AWS secret access key under key \`aws_secret_access_key\`; ${secretFix}`,
          path: 'data.aws_secret_access_key',
          severity: 'medium',
          mitre: ['MS-TA9020'],
        },
        {
          message: `Secret \`plant/cloud\` holds an AWS access key id under key \`credentials\` (line 2); ${secretFix}`,
          path: 'data.credentials',
          severity: 'medium',
        },
        {
          message: `Secret \`plant/cloud\` holds a Google Cloud service-account or API key under key \`key.json\`; ${secretFix}`,
          path: 'data["key.json"]',
        },
        {
          message: `Secret \`plant/cloud\` holds an Azure (or other OAuth) client secret under key \`AZURE_CLIENT_SECRET\`; ${secretFix}`,
          path: 'stringData.AZURE_CLIENT_SECRET',
          severity: 'medium',
        },
      ],
    },
    {
      name: 'credential names with placeholder values (low); only the second container has them',
      yaml: placeholders,
      errors: [
        {
          message:
            'container `sidecar` in Deployment `plant/uploader` sets env var `AWS_SECRET_ACCESS_KEY`, named for an AWS secret access key, to what looks like a placeholder; use workload identity (EKS Pod Identity or IRSA, Azure Workload Identity, GKE Workload Identity) instead of filling it in',
          path: 'spec.template.spec.containers[1].env[0].value',
          severity: 'low',
          mitre: ['MS-TA9027', 'MS-TA9020'],
        },
        {
          message:
            'container `sidecar` in Deployment `plant/uploader` sets env var `DB_PASSWORD`, named for a literal password or token, to what looks like a placeholder; read the real value from a Secret mounted as a file instead of filling it in',
          path: 'spec.template.spec.containers[1].env[1].value',
          severity: 'low',
          mitre: ['MS-TA9027'],
        },
        {
          message: /env var `GITHUB_CLIENT_SECRET`, named for a literal password or token, to what/,
          severity: 'low',
        },
        { message: /env var `API_TOKEN`, named for/, severity: 'low' },
        { message: /env var `AZURE_BATCH_KEY`, named for an Azure Batch account key,/, severity: 'low' },
        {
          message: /env var `OCI_CLI_KEY_CONTENT`, named for an Oracle Cloud API signing key,/,
          severity: 'low',
        },
        { message: /env var `SSH_PRIVATE_KEY`, named for a private key,/, severity: 'low' },
        {
          message: `container \`sidecar\` in Deployment \`plant/uploader\` sets env var \`AWS_ACCESS_KEY_ID\` to an AWS access key id; ${identity}`,
          path: 'spec.template.spec.containers[1].env[7].value',
          severity: 'high',
        },
      ],
    },
    {
      name: 'stringData wins over data for the same key, as the API server merges them',
      yaml: `
apiVersion: v1
kind: Secret
metadata: {name: cloud, namespace: plant}
data:
  credentials: ${b64(`[default]\naws_access_key_id = ${AWS_KEY_ID}\n`)}
  config: ${b64('region = eu-west-1')}
stringData:
  credentials: "[default]\nrole_arn = arn:aws:iam::111122223333:role/uploader\n"
  config: ${q(`[default]\naws_access_key_id = ${AWS_KEY_ID}\n`)}
`,
      errors: [
        {
          message: `Secret \`plant/cloud\` holds an AWS access key id under key \`config\` (line 2); ${secretFix}`,
          path: 'stringData.config',
          severity: 'medium',
        },
      ],
    },
    {
      name: 'a placeholder under a cloud key name in a Secret (low)',
      yaml: `
apiVersion: v1
kind: Secret
metadata: {name: cloud, namespace: plant}
stringData:
  AZURE_STORAGE_KEY: "<your-storage-key>"
  password: changeme
`,
      errors: [
        {
          message:
            'Secret `plant/cloud` has key `AZURE_STORAGE_KEY`, named for an Azure storage account key, holding what looks like a placeholder; use workload identity (EKS Pod Identity or IRSA, Azure Workload Identity, GKE Workload Identity) instead of filling it in',
          path: 'stringData.AZURE_STORAGE_KEY',
          severity: 'low',
        },
      ],
    },
  ],
});

describe('PP-WL-032 reports locations only', () => {
  it('no message holds any part of a credential value', () => {
    const messages = [...runRule(staticCredentials, workload), ...runRule(staticCredentials, secret)].map(
      (f) => f.message,
    );
    assert.equal(messages.length, 13);
    for (const value of VALUES) {
      for (let i = 0; i + 8 <= value.length; i++) {
        const part = value.slice(i, i + 8);
        for (const message of messages)
          assert.ok(!message.includes(part), `message leaks ${JSON.stringify(part)}`);
      }
    }
  });

  it('no message holds a placeholder value either', () => {
    const messages = runRule(staticCredentials, placeholders).map((f) => f.message);
    assert.equal(messages.length, 8);
    for (const value of PLACEHOLDER_VALUES) {
      for (const message of messages)
        assert.ok(!message.includes(value), `message leaks ${JSON.stringify(value)}`);
    }
  });

  it('classifyCredential names the kind, never the value', () => {
    const found = classifyCredential('anything', `line one\nexport AWS_SECRET_ACCESS_KEY=${AWS_SECRET}\n`);
    assert.deepEqual(found, {
      kind: 'aws-secret-access-key',
      description: 'an AWS secret access key',
      cloud: true,
      line: 2,
    });
    assert.equal(JSON.stringify(found).includes(AWS_SECRET.slice(0, 6)), false);
    assert.equal(classifyCredential('AWS_SECRET_ACCESS_KEY')?.kind, 'aws-secret-access-key');
    assert.equal(classifyCredential('password_min_length', '12'), undefined);
  });

  it('examples: fail flags, pass passes', () => {
    const examples = staticCredentials.meta.examples as { fail: string; pass: string };
    assert.equal(runRule(staticCredentials, examples.fail).length, 2);
    assert.deepEqual(runRule(staticCredentials, examples.pass), []);
  });
});
