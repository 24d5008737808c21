/**
 * `parapet etcd-check` against a real etcd (Debian's etcd-server, which .ci/run installs), started here on random
 * loopback ports with a temporary data directory and seeded the way kube-apiserver stores objects: a plain
 * Secret, Secrets with aescbc and KMS v2 prefixes, a ConfigMap.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parapet } from '../helpers/cli.js';
import { missingData } from '../helpers/conformance.js';
import {
  ETCD_MISSING,
  ETCD_PRESENT as etcdPresent,
  freePort,
  type RunningEtcd,
  startEtcd,
} from './etcd-server.js';

/** Value bytes the report must never contain. */
const VALUE_MARKER = 'PARAPET-STORED-VALUE';

describe('parapet etcd-check (real etcd)', () => {
  let etcd: RunningEtcd | undefined;
  let endpoint = '';

  before(async () => {
    if (!etcdPresent) return;
    etcd = await startEtcd();
    endpoint = etcd.endpoint;
    const { Etcd3 } = await import('etcd3');
    const client = new Etcd3({ hosts: endpoint });
    try {
      const seed: [string, Buffer][] = [
        [
          '/registry/secrets/default/plain-db',
          Buffer.from(`k8s\u0000\n\f\n\u0002v1\u0012\u0006Secret${VALUE_MARKER}`),
        ],
        [
          '/registry/secrets/shop/aescbc-db',
          Buffer.from(`k8s:enc:aescbc:v1:key1:\u0007\u0013${VALUE_MARKER}`),
        ],
        ['/registry/secrets/shop/kms-token', Buffer.from(`k8s:enc:kms:v2:vault-kms:\u0001${VALUE_MARKER}`)],
        [
          '/registry/configmaps/shop/settings',
          Buffer.from(`k8s\u0000\n\u000f\n\u0002v1\u0012\tConfigMap${VALUE_MARKER}`),
        ],
      ];
      for (const [key, value] of seed) await client.put(key).value(value);
    } finally {
      client.close();
    }
  });

  after(() => etcd?.stop());

  it('json: every Secret with its provider, a summary, exit 1 for the plain one', (t) => {
    if (!etcdPresent) return missingData(t, ETCD_MISSING);
    const result = parapet(['etcd-check', '--endpoints', endpoint, '--format', 'json']);
    assert.equal(result.code, 1, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      secrets: [
        { namespace: 'default', name: 'plain-db', encrypted: false, provider: 'identity' },
        { namespace: 'shop', name: 'aescbc-db', encrypted: true, provider: 'aescbc' },
        { namespace: 'shop', name: 'kms-token', encrypted: true, provider: 'kms v2' },
      ],
      summary: {
        secrets: { total: 3, encrypted: 2, plain: 1, providers: { identity: 1, aescbc: 1, 'kms v2': 1 } },
      },
    });
  });

  it('ConfigMaps only when asked', (t) => {
    if (!etcdPresent) return missingData(t, ETCD_MISSING);
    const result = parapet([
      'etcd-check',
      '--endpoints',
      endpoint,
      '--format',
      'json',
      '--resources',
      'secrets,configmaps',
    ]);
    const report = JSON.parse(result.stdout) as {
      configmaps: unknown[];
      summary: { configmaps: { plain: number } };
    };
    assert.deepEqual(report.configmaps, [
      { namespace: 'shop', name: 'settings', encrypted: false, provider: 'identity' },
    ]);
    assert.equal(report.summary.configmaps.plain, 1);
  });

  it('table: the plain Secret first, then the encrypted ones, and a summary', (t) => {
    if (!etcdPresent) return missingData(t, ETCD_MISSING);
    const result = parapet(['etcd-check', '--endpoints', endpoint]);
    assert.equal(result.code, 1);
    assert.equal(
      result.stdout,
      [
        'PLAIN      Secret default/plain-db  stored without encryption (identity)',
        'encrypted  Secret shop/aescbc-db  aescbc',
        'encrypted  Secret shop/kms-token  kms v2',
        'secrets: 3 stored, 2 encrypted, 1 in plain text (identity 1, aescbc 1, kms v2 1)',
        '',
      ].join('\n'),
    );
  });

  it('never prints a byte of a value beyond the provider prefix', (t) => {
    if (!etcdPresent) return missingData(t, ETCD_MISSING);
    for (const format of ['table', 'json']) {
      const result = parapet([
        'etcd-check',
        '--endpoints',
        endpoint,
        '--format',
        format,
        '--resources',
        'secrets,configmaps',
      ]);
      assert.ok(!result.stdout.includes(VALUE_MARKER) && !result.stderr.includes(VALUE_MARKER));
      assert.ok(
        !result.stdout.includes('key1') && !result.stdout.includes('vault-kms'),
        'key names stay unprinted',
      );
    }
  });

  it('another --prefix finds nothing there', (t) => {
    if (!etcdPresent) return missingData(t, ETCD_MISSING);
    const result = parapet(['etcd-check', '--endpoints', endpoint, '--prefix', '/other', '--format', 'json']);
    assert.equal(result.code, 0);
    assert.deepEqual((JSON.parse(result.stdout) as { secrets: unknown[] }).secrets, []);
  });

  it('a refused connection is a one-line error, exit 2', async (t) => {
    if (!etcdPresent) return missingData(t, ETCD_MISSING);
    const closed = `http://127.0.0.1:${await freePort()}`;
    const result = parapet(['etcd-check', '--endpoints', closed, '--timeout', '5']);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /^parapet etcd-check: cannot read from etcd at http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED.*\n$/,
    );
  });

  it('TLS to a plain-text etcd is a one-line TLS error, exit 2', (t) => {
    if (!etcdPresent) return missingData(t, ETCD_MISSING);
    const https = endpoint.replace('http:', 'https:');
    const result = parapet([
      'etcd-check',
      '--endpoints',
      https,
      '--cacert',
      '/etc/ssl/certs/ca-certificates.crt',
      '--timeout',
      '5',
    ]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^parapet etcd-check: TLS with etcd at https:.* failed: .*\n$/);
  });

  it('an unreadable certificate file is a one-line error, exit 2', () => {
    const result = parapet([
      'etcd-check',
      '--endpoints',
      'https://127.0.0.1:1',
      '--cacert',
      '/nonexistent/ca.crt',
    ]);
    assert.equal(result.code, 2);
    assert.equal(result.stderr, 'parapet etcd-check: cannot read --cacert /nonexistent/ca.crt: ENOENT\n');
  });

  it('usage errors exit 2', () => {
    assert.equal(parapet(['etcd-check']).code, 2);
    assert.match(
      parapet(['etcd-check', '--endpoints', 'http://x', '--resources', 'pods']).stderr,
      /--resources must be one of secrets, configmaps/,
    );
  });

  // last: it turns etcd's authentication on
  it('a read etcd refuses (auth on, no user) is a one-line permission error, exit 2', async (t) => {
    if (!etcdPresent) return missingData(t, ETCD_MISSING);
    const { Etcd3 } = await import('etcd3');
    const client = new Etcd3({ hosts: endpoint });
    try {
      await client
        .role('root')
        .create()
        .catch(() => undefined);
      await (await client.user('root').create('parapet-test-root')).addRole('root');
      await client.auth.authEnable({});
    } finally {
      client.close();
    }
    const result = parapet(['etcd-check', '--endpoints', endpoint, '--timeout', '5']);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /^parapet etcd-check: etcd at http:\S+ refused the read \(permission denied\): .*\n$/,
    );
  });

  it('--user and --password authenticate to etcd with auth on; a wrong password is a permission error', (t) => {
    if (!etcdPresent) return missingData(t, ETCD_MISSING);
    const base = ['etcd-check', '--endpoints', endpoint, '--format', 'json', '--timeout', '5'];
    const ok = parapet([...base, '--user', 'root', '--password', 'parapet-test-root']);
    assert.equal(ok.code, 1, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as { secrets: unknown[] }).secrets.length, 3);
    // etcdctl's NAME:PASSWORD form works too
    assert.equal(parapet([...base, '--user', 'root:parapet-test-root']).code, 1);
    const wrong = parapet([...base, '--user', 'root', '--password', 'not-it']);
    assert.equal(wrong.code, 2);
    assert.match(
      wrong.stderr,
      /^parapet etcd-check: etcd at http:\S+ refused the read \(permission denied\): .*\n$/,
    );
    assert.ok(!wrong.stderr.includes('not-it'), 'the password is never printed');
  });

  it('--password without --user is a usage error', () => {
    const result = parapet(['etcd-check', '--endpoints', 'http://127.0.0.1:1', '--password', 'x']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--password needs --user/);
  });
});
