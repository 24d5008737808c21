// The CEL adapter: Kubernetes typing of numbers, the extra library functions, compile errors with positions, the
// cost bound, and fieldPath parsing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CelCompileError, compileCel, runCel } from '../../src/cel/compile.js';
import { parseFieldPath } from '../../src/cel/field-path.js';
import { fromCel, toCel } from '../../src/cel/values.js';
import { parapet } from '../helpers/cli.js';

const value = (expression: string, object: unknown = {}) => {
  const outcome = runCel(compileCel(expression), { object: toCel(object) });
  if ('error' in outcome) throw new Error(outcome.error);
  return fromCel(outcome.value);
};

describe('CEL adapter', () => {
  const cases: [string, unknown, unknown][] = [
    ['object.spec.replicas + 1', { spec: { replicas: 2 } }, 3],
    ['object.spec.replicas == 2', { spec: { replicas: 2 } }, true],
    ['has(object.spec.x) ? 1 : 0', { spec: {} }, 0],
    ['[3, 1, 2].isSorted()', {}, false],
    ['[3, 1, 2].sum()', {}, 6],
    ['[3, 1, 2].max()', {}, 3],
    ["['a', 'b'].indexOf('b')", {}, 1],
    ["'abc123def'.find('[0-9]+')", {}, '123'],
    ["'a1b22'.findAll('[0-9]+')", {}, ['1', '22']],
    ["'a1b22c333'.findAll('[0-9]+', 2)", {}, ['1', '22']],
    ["'abc'.find('x')", {}, ''],
    // RE2 syntax that JavaScript's RegExp lacks, as the API server runs it
    ["'ABC'.find('(?i)b')", {}, 'B'],
    ["'1é'.find('\\\\pL')", {}, 'é'],
    ["'zA'.find('\\\\x{41}')", {}, 'A'],
    ["'ab'.find('(?P<x>a)b')", {}, 'ab'],
    ["'ab'.find('a|ab')", {}, 'a'],
    ["strings.quote('a')", {}, '"a"'],
    // quantities, exact as resource.Quantity
    ["quantity('1') == quantity('1000m')", {}, true],
    ["quantity('1Gi').isGreaterThan(quantity('1G'))", {}, true],
    ["quantity(object.limit).isLessThan(quantity('512Mi'))", { limit: '256Mi' }, true],
    ["quantity('500m').isInteger()", {}, false],
    ["quantity('2Ki').asInteger()", {}, 2048],
    ["quantity('1.5').asApproximateFloat()", {}, 1.5],
    ["quantity('-3').sign()", {}, -1],
    ["quantity('1').add(2).compareTo(quantity('3'))", {}, 0],
    ["quantity('1Mi').sub(quantity('1Ki')).asInteger()", {}, 1047552],
    ["isQuantity('1Gb') || isQuantity('1e3')", {}, true],
    // IPs and CIDRs, as Go's netip parses them
    ["ip('10.0.0.1').family() == 4 && ip('::1').isLoopback()", {}, true],
    ["ip('fe80::1').isLinkLocalUnicast() && ip('10.1.2.3').isGlobalUnicast()", {}, true],
    ["isIP('01.2.3.4') || isIP('::ffff:1.2.3.4') || isIP('fe80::1%eth0')", {}, false],
    ["isIP('1.2.3.4::') || isIP('1::2::3') || isIP(':::') || isIP('1:2:3:4:5:6:7:8:9')", {}, false],
    ["ip('::1.2.3.4') == ip('::102:304') && ip('::').isUnspecified()", {}, true],
    ["ip('2001:DB8::1') == ip('2001:db8:0:0::1')", {}, true],
    ["ip.isCanonical('2001:db8::1') && !ip.isCanonical('2001:DB8::1')", {}, true],
    ["cidr('10.0.0.0/8').containsIP('10.2.3.4') && !cidr('10.0.0.0/8').containsIP(ip('11.0.0.1'))", {}, true],
    [
      "cidr('10.0.0.0/8').containsCIDR('10.1.0.0/16') && cidr('10.1.2.3/8').masked() == cidr('10.0.0.0/8')",
      {},
      true,
    ],
    ["cidr('192.168.1.0/24').prefixLength()", {}, 24],
    // URLs, as url.ParseRequestURI reads them
    ["url('https://example.com:8443/a?x=1&x=2&y=a+b').getQuery()", {}, { x: ['1', '2'], y: ['a b'] }],
    ["url('https://[::1]:80/').getHostname() + ' ' + url('https://[::1]:80/').getPort()", {}, '::1 80'],
    ["url('/healthz?full').getEscapedPath()", {}, '/healthz'],
    ["isURL('example.com') || isURL('https://exa mple.com')", {}, false],
    ["'Hello'.lowerAscii()", {}, 'hello'],
    // field reads start at their variable (direct-reads.ts), shadowing and has() as before
    ['object.items.all(object, object.x > 0)', { items: [{ x: 1 }, { x: 2 }] }, true],
    ['has(object.a.b) || has(object.c)', { a: {} }, false],
    ['[object.a].map(v, v.b)[0]', { a: { b: 'x' } }, 'x'],
    ["object.metadata.labels.exists(k, k == 'app')", { metadata: { labels: { app: 'web' } } }, true],
  ];
  for (const [expression, object, expected] of cases) {
    it(`${expression} → ${JSON.stringify(expected)}`, () =>
      assert.deepEqual(value(expression, object), expected));
  }

  it('reports syntax errors and unknown functions with line and column', () => {
    assert.throws(
      () => compileCel('1 +'),
      (e: CelCompileError) => e.line === 1 && /syntax error/.test(e.reason),
    );
    assert.throws(
      () => compileCel('object.a &&\n  nope(1)'),
      (e: CelCompileError) => e.line === 2 && e.column === 3 && /'nope'/.test(e.reason),
    );
  });

  it('reports type errors the literals and library functions fix, with line and column', () => {
    const typeErrors: [string, number, RegExp][] = [
      ["object.a == 1 && 'x' + 1 == 'x1'", 21, /no matching overload for '\+' applied to '\(string, int\)'/],
      ['size(1) > 0', 1, /'size' applied to '\(int\)'/],
      ['object.metadata.name.startsWith(1)', 21, /'startsWith' applied to 'dyn\.\(int\)'/],
      ["'abc'.length > 1", 6, /type 'string' does not support field selection/],
      ['1.all(x, x > 0)', 2, /type 'int' cannot be the range of a comprehension/],
    ];
    for (const [expression, column, reason] of typeErrors)
      assert.throws(
        () => compileCel(expression),
        (e: CelCompileError) => e.line === 1 && e.column === column && reason.test(e.reason),
        expression,
      );
    // what only the objects' schemas tell is left to run time
    for (const expression of ["object.spec.replicas == 'two'", 'object.a + 1', "[1].map(x, x)[0] + 'a'"])
      assert.doesNotThrow(() => compileCel(expression), expression);
  });

  it('turns a run-time error into an outcome, never a throw', () => {
    assert.match(JSON.stringify(runCel(compileCel('object.missing'), { object: toCel({}) })), /error/);
  });

  it('counts a comprehension over a list literal by its length, not by the largest list', () => {
    const bound = '[object.a].map(v, [v.size()].map(n, n * 2)[0])[0] > 0';
    assert.equal(compileCel(bound).depth, 0);
    assert.equal(compileCel('object.a.all(x, [1, 2, 3].all(y, x != y))').scale, 3);
  });

  it('refuses an expression whose estimated cost passes the per-expression limit', () => {
    const program = compileCel('object.a.all(x, object.a.all(y, x == y))');
    assert.match(
      JSON.stringify(runCel(program, { object: toCel({}) }, { largest: 10_000 })),
      /exceeds the per-expression limit/,
    );
  });

  it('parses fieldPath as the API server writes it', () => {
    assert.deepEqual(parseFieldPath('spec.containers[0].image'), ['spec', 'containers', 0, 'image']);
    assert.deepEqual(parseFieldPath("metadata.labels['app.kubernetes.io/name']"), [
      'metadata',
      'labels',
      'app.kubernetes.io/name',
    ]);
    assert.equal(parseFieldPath('spec..x'), undefined);
  });
});

describe('parapet export (CLI)', () => {
  it('teaches with --help, and rejects an unknown format or rule with exit 2', () => {
    const help = parapet(['export', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /parapet export vap/);
    assert.equal(parapet(['export', 'gatekeeper']).code, 2);
    const unknown = parapet(['export', 'vap', '--rules', 'PP-NOPE-1']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /PP-NOPE-1 is not a parapet rule/);
  });
});
