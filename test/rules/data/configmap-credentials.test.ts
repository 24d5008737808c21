import assert from 'node:assert/strict';
import { it } from 'node:test';
import { configMapCredentials } from '../../../src/rules/data/configmap-credentials.js';
import { ruleTester, runRule } from '../../helpers/rule-tester.js';

// Fake credentials; none may appear (even in part) in any message.
const AWS_KEY_ID = 'ASIAZQ3DPARAPETTEST9';
const DB_PASSWORD = 'hunter2-parapet';
const PROPS_PASSWORD = 'Pr0psParapetPass';
const URL_PASSWORD = 'urlParapetPw9';
const PEM_BODY = 'MIIEvQIBADANparapetFAKEkeyMaterial';
const VALUES = [AWS_KEY_ID, DB_PASSWORD, PROPS_PASSWORD, URL_PASSWORD, PEM_BODY];

const leaky = `
apiVersion: v1
kind: ConfigMap
metadata: {name: app, namespace: plant}
data:
  LOG_LEVEL: info
  DB_PASSWORD: ${DB_PASSWORD}
  application.properties: |
    server.port=8080
    spring.datasource.url=jdbc:postgresql://db:5432/app
    spring.datasource.password=${PROPS_PASSWORD}
  aws-credentials: |
    [default]
    aws_access_key_id = ${AWS_KEY_ID}
  config.yaml: |
    broker:
      url: mqtts://gateway:${URL_PASSWORD}@broker.plant.local:8883
  signing.pem: |
    -----BEGIN PRIVATE KEY-----
    ${PEM_BODY}
    -----END PRIVATE KEY-----
`;

// biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR}, as manifests write placeholders
const PLACEHOLDER_VALUES = ['${PARAPET_PLANTED}', '<parapet-planted-key>', 'changeme', 'xxxxxxxx'];

const placeholders = `
apiVersion: v1
kind: ConfigMap
metadata: {name: app, namespace: plant}
data:
  aws_secret_access_key: "${PLACEHOLDER_VALUES[0]}"
  AZURE_STORAGE_KEY: "${PLACEHOLDER_VALUES[1]}"
  SMTP_PASSWORD: ${PLACEHOLDER_VALUES[2]}
  private-key: ${PLACEHOLDER_VALUES[3]}
  AWS_ACCESS_KEY_ID: ${AWS_KEY_ID}
  DB_PASSWORD_FILE: /run/secrets/db/password
`;

const where = 'ConfigMap `plant/app` holds';
const toSecret = 'move it into a Secret and rotate it';

ruleTester(configMapCredentials, {
  valid: [
    {
      name: 'plain settings, paths, references and descriptions of credentials',
      yaml: `
apiVersion: v1
kind: ConfigMap
metadata: {name: app, namespace: plant}
data:
  LOG_LEVEL: info
  DB_PASSWORD_FILE: /run/secrets/db/password
  TOKEN_URL: https://login.example.com/oauth/token
  password-policy: "min 12 characters"
  application.properties: |
    spring.datasource.password=\${DB_PASSWORD}
    token.ttl=3600
    server.ssl.key-store-password-file=/run/secrets/keystore
  REPLICAS: 3
  TOKEN_TTL: "\${TTL}"
  PASSWORD_MIN_LENGTH: "12"
  public_key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIparapet"
  SECRET_NAME: db-credentials
  API_KEY_HEADER: X-Api-Key
binaryData:
  blob: AAEC
`,
    },
    { name: 'a ConfigMap without data', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: empty}\n' },
  ],
  invalid: [
    {
      name: 'literal values, settings in files, cloud keys, URL passwords and private keys',
      yaml: leaky,
      errors: [
        {
          message: `${where} a literal password or token in key \`DB_PASSWORD\`; ${toSecret}`,
          path: 'data.DB_PASSWORD',
          severity: 'high',
        },
        {
          message: `${where} a literal password or token in key \`application.properties\` (line 3); ${toSecret}`,
          path: 'data["application.properties"]',
          severity: 'high',
        },
        {
          message: `${where} an AWS access key id in key \`aws-credentials\` (line 2); replace the static key with workload identity, or at least move it into a Secret, and rotate it`,
          path: 'data.aws-credentials',
        },
        {
          message: `${where} a password inside a URL in key \`config.yaml\` (line 2); ${toSecret}`,
          path: 'data["config.yaml"]',
        },
        {
          message: `${where} a PEM private key in key \`signing.pem\` (line 1); ${toSecret}`,
          path: 'data["signing.pem"]',
        },
      ],
    },
    {
      name: 'credential names holding placeholders (low); a credential-shaped value stays high',
      yaml: placeholders,
      errors: [
        {
          message:
            'ConfigMap `plant/app` has key `aws_secret_access_key`, named for an AWS secret access key, holding what looks like a placeholder; keep the real value out of the ConfigMap: put it in a Secret',
          path: 'data.aws_secret_access_key',
          severity: 'low',
        },
        { message: /key `AZURE_STORAGE_KEY`, named for an Azure storage account key,/, severity: 'low' },
        { message: /key `SMTP_PASSWORD`, named for a literal password or token,/, severity: 'low' },
        { message: /key `private-key`, named for a private key,/, severity: 'low' },
        {
          message: `${where} an AWS access key id in key \`AWS_ACCESS_KEY_ID\`; replace the static key with workload identity, or at least move it into a Secret, and rotate it`,
          severity: 'high',
        },
      ],
    },
  ],
});

it('PP-DATA-002 messages never hold any part of a credential value', () => {
  const messages = runRule(configMapCredentials, leaky).map((f) => f.message);
  assert.equal(messages.length, 5);
  for (const value of VALUES) {
    for (let i = 0; i + 8 <= value.length; i++) {
      const part = value.slice(i, i + 8);
      for (const message of messages)
        assert.ok(!message.includes(part), `message leaks ${JSON.stringify(part)}`);
    }
  }
});

it('PP-DATA-002 messages never hold a placeholder value either', () => {
  const messages = runRule(configMapCredentials, placeholders).map((f) => f.message);
  assert.equal(messages.length, 5);
  for (const value of PLACEHOLDER_VALUES) {
    for (const message of messages)
      assert.ok(!message.includes(value), `message leaks ${JSON.stringify(value)}`);
  }
});

it('PP-DATA-002 examples: fail flags, pass passes', () => {
  const examples = configMapCredentials.meta.examples as { fail: string; pass: string };
  assert.equal(runRule(configMapCredentials, examples.fail).length, 1);
  assert.deepEqual(runRule(configMapCredentials, examples.pass), []);
});
