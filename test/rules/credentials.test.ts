/**
 * The credential lookup lists of src/rules/credentials.ts, walked entry by entry with a near miss each: the
 * names that say a value is a credential, the last words that say a name only describes one, and the values
 * that look like placeholders. The lists are written out here again so that dropping an entry there fails.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CredentialKind, classifyCredential } from '../../src/rules/credentials.js';

const LITERAL = 'q7Rparapet9Literal';

const kindOf = (name: string, value = LITERAL) => classifyCredential(name, value)?.kind;

describe('credential names', () => {
  const NAMES: [name: string, kind: CredentialKind, nearMiss: string][] = [
    ['aws_secret_access_key', 'aws-secret-access-key', 'aws_secret_access_key_id_hint'],
    ['AWS_SECRET_KEY', 'aws-secret-access-key', 'AWS_KEY'],
    ['AWS_ACCESS_KEY_ID', 'aws-access-key-id', 'AWS_KEY_ID'],
    ['ACCESS_KEY_ID', 'aws-access-key-id', 'KEY_ID'],
    ['AZURE_CLIENT_SECRET', 'azure-client-secret', 'AZURE_CLIENT_ID'],
    ['clientSecret', 'azure-client-secret', 'clientSecretRef'],
    ['ARM_CLIENT_SECRET', 'azure-client-secret', 'ARM_CLIENT'],
    ['AZURE_STORAGE_KEY', 'azure-storage-key', 'AZURE_STORAGE_KEYS'],
    ['AZURE_STORAGE_ACCOUNT_KEY', 'azure-storage-key', 'AZURE_STORAGE_ACCOUNT'],
    ['STORAGE_ACCESS_KEY', 'azure-storage-key', 'STORAGE_ACCESS'],
    ['accountKey', 'azure-storage-key', 'accountKeyName'],
    ['AZURE_STORAGE_CONNECTION_STRING', 'azure-storage-key', 'AZURE_STORAGE_CONNECTION'],
    ['AZURE_BATCH_KEY', 'azure-batch-key', 'AZURE_BATCH_KEYS'],
    ['AZURE_BATCH_ACCOUNT_KEY', 'azure-batch-key', 'AZURE_BATCH_ACCOUNT'],
    ['GCP_SERVICE_ACCOUNT_KEY', 'gcp-key', 'GCP_SERVICE_ACCOUNT'],
    ['serviceAccountJson', 'gcp-key', 'serviceAccountJsonPath'],
    ['GOOGLE_KEY', 'gcp-key', 'GOOGLE_KEYS'],
    ['gcs_json', 'gcp-key', 'json'],
    ['OCI_CLI_KEY_CONTENT', 'oci-key', 'OCI_CLI_KEY_CONTENTS'],
    ['OCI_KEY_CONTENT', 'oci-key', 'KEY_CONTENT'],
    ['id_rsa', 'private-key', 'id_rsa2'],
    ['id_dsa', 'private-key', 'id_dsa2'],
    ['id_ecdsa', 'private-key', 'id_ecdsa2'],
    ['id_ed25519', 'private-key', 'id_ed25519x'],
    ['private_key', 'private-key', 'public_key'],
    ['sshPrivateKey', 'private-key', 'privatekeys'],
    ['tls.key', 'private-key', 'tlskey'],
    ['ssh-privatekey', 'private-key', 'ssh-publickey'],
    ['privateKey', 'private-key', 'privateKeyId'],
    ['GITHUB_CLIENT_SECRET', 'password', 'GITHUB_CLIENT'],
    ['DBPASSWORD', 'password', 'DBPASSWORDS'],
    ['adminPasswd', 'password', 'adminPasswds'],
    ['credentials', 'password', 'credentialz'],
    ['credential', 'password', 'credentialx'],
  ];
  for (const [name, kind, nearMiss] of NAMES) {
    it(`${name} names ${kind}; ${nearMiss} names nothing`, () => {
      assert.equal(kindOf(name), kind);
      assert.equal(kindOf(nearMiss), undefined);
    });
  }

  const SECRET_WORDS = ['password', 'passwd', 'pwd', 'pass', 'passphrase', 'secret', 'token', 'apikey'];
  for (const word of SECRET_WORDS) {
    it(`a name with the word ${word} is a password or token; ${word}s is not`, () => {
      assert.equal(kindOf(`APP_${word}`), 'password');
      assert.equal(kindOf(`APP_${word}s`), undefined);
    });
  }

  const KEY_QUALIFIERS = ['api', 'access', 'signing', 'encryption', 'master'];
  for (const word of KEY_QUALIFIERS) {
    it(`${word}_key is a password or token; ${word}x_key is not`, () => {
      assert.equal(kindOf(`APP_${word}_key`), 'password');
      assert.equal(kindOf(`APP_${word}x_key`), undefined);
    });
  }

  it('a private key found by name is described without claiming a PEM', () => {
    assert.equal(classifyCredential('private_key', LITERAL)?.description, 'a private key');
    assert.equal(
      classifyCredential('anything', '-----BEGIN PRIVATE KEY-----\nMIIE')?.description,
      'a PEM private key',
    );
  });
});

describe('names that describe a credential rather than hold one', () => {
  const MUST_NOT_MATCH = ['TOKEN_TTL', 'PASSWORD_MIN_LENGTH', 'public_key', 'SECRET_NAME', 'API_KEY_HEADER'];
  for (const name of MUST_NOT_MATCH) {
    it(`${name}, with a literal or a placeholder value`, () => {
      assert.equal(classifyCredential(name, LITERAL), undefined);
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR}, as manifests write placeholders
      assert.equal(classifyCredential(name, '${VALUE}'), undefined);
      assert.equal(classifyCredential(name), undefined);
    });
  }

  const NOT_A_VALUE = [
    'file',
    'files',
    'path',
    'dir',
    'directory',
    'url',
    'uri',
    'endpoint',
    'host',
    'name',
    'names',
    'ref',
    'id',
    'audience',
    'issuer',
    'ttl',
    'expiry',
    'expires',
    'expiration',
    'lifetime',
    'duration',
    'timeout',
    'interval',
    'length',
    'len',
    'size',
    'count',
    'max',
    'min',
    'policy',
    'header',
    'type',
    'kind',
    'mode',
    'enabled',
    'enable',
    'disabled',
    'required',
    'location',
    'format',
    'version',
    'algorithm',
    'provider',
    'source',
    'mount',
    'prefix',
    'suffix',
    'pattern',
    'regex',
    'store',
    'namespace',
    'label',
    'field',
    'hint',
    'rotation',
    'scope',
    'scopes',
    'method',
    'strategy',
    'verify',
    'verification',
    'validation',
    'cache',
    'encoding',
    'limit',
    'delay',
    'retries',
  ];
  for (const word of NOT_A_VALUE) {
    it(`DB_PASSWORD_${word} describes a password; DB_PASSWORD_${word}x holds one`, () => {
      assert.equal(kindOf(`DB_PASSWORD_${word}`), undefined);
      assert.equal(kindOf(`DB_PASSWORD_${word}x`), 'password');
    });
  }
});

describe('placeholder values', () => {
  const PLACEHOLDERS: [placeholder: string, nearMiss: string][] = [
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR}, as manifests write placeholders
    ['${DB_PASSWORD}', '$DB_PASSWORD}'],
    ['{{ .Values.db.password }}', '{ .Values.db.password }'],
    ['<your-key>', '<your-key'],
    ['xxxxx', 'xxxxxy'],
    ['********', '****1***'],
    ['changeme', 'changeme2024'],
    ['REPLACE_ME', 'REPLACE_ME_NOT'],
    ['update-me', 'updateme1'],
    ['set me', 'setme!'],
    ['TODO', 'TODOS'],
    ['tbd', 'tbdx'],
    ['FIXME', 'FIXMEX'],
    ['placeholder', 'placeholders'],
    ['dummy', 'dummy1'],
    ['REDACTED', 'REDACTEDX'],
    ['notset', 'notsetx'],
    ['not-set', 'not-settled'],
    ['your-api-key', 'yourapikey'],
    ['INSERT_TOKEN', 'INSERTED'],
    ['enter password', 'entered'],
    ['put_key', 'putkey'],
    ['paste-key-here', 'paste-key-there9'],
  ];
  for (const [placeholder, nearMiss] of PLACEHOLDERS) {
    it(`${JSON.stringify(placeholder)} is a placeholder; ${JSON.stringify(nearMiss)} is a literal`, () => {
      assert.deepEqual(classifyCredential('DB_PASSWORD', placeholder), {
        kind: 'password',
        description: 'a literal password or token',
        cloud: false,
        placeholder: true,
      });
      assert.deepEqual(classifyCredential('DB_PASSWORD', nearMiss), {
        kind: 'password',
        description: 'a literal password or token',
        cloud: false,
      });
    });
  }

  it('references, paths, flags and empty values are neither', () => {
    for (const value of ['$(FROM_VAULT)', '/run/secrets/db', './db', 'file:db', 'true', 'off', '', '  ']) {
      assert.equal(classifyCredential('DB_PASSWORD', value), undefined, value);
    }
  });

  it('a value that matches a credential pattern is no placeholder, whatever it contains', () => {
    const found = classifyCredential('AWS_ACCESS_KEY_ID', 'AKIAZQ3DPARAPETTEST7');
    assert.equal(found?.kind, 'aws-access-key-id');
    assert.equal(found?.placeholder, undefined);
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR}, as manifests write placeholders
  it('inside a file templates are references (`password=${DB_PASSWORD}`); other settings are literals', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR}, as manifests write placeholders
    assert.equal(classifyCredential('app.properties', 'a=1\npassword=${DB_PASSWORD}\n'), undefined);
    assert.equal(classifyCredential('app.properties', 'a=1\npassword=changeme\n')?.line, 2);
  });
});
