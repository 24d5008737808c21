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

it('PP-DATA-002 examples: fail flags, pass passes', () => {
  const examples = configMapCredentials.meta.examples as { fail: string; pass: string };
  assert.equal(runRule(configMapCredentials, examples.fail).length, 1);
  assert.deepEqual(runRule(configMapCredentials, examples.pass), []);
});
