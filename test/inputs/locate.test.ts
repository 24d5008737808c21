import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { type PathTrail, SourceText, scanBlockPath } from '../../src/inputs/locate.js';
import { parseDocuments, parseDocumentsWithPositions } from '../../src/inputs/yaml.js';
import type { FieldPath } from '../../src/inventory/field-path.js';
import { EXAMPLE_DIR } from '../helpers/paths.js';

const SAMPLE = `# leading comment
---
# Source: chart/templates/deploy.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    "quoted/key": "x"
    'single': y
spec:
  template:
    spec:
      containers:
      - name: app
        image: nginx
        args: ["a", "b"]
        securityContext:
          privileged: true
      - name: side   # a comment
        command:
          - sh
          - -c
          - |
            echo: not a key
            - not an item
        env: [{name: A, value: b}]
      volumes:
        -
          name: data
          hostPath:
            path: /var/run/docker.sock
---
apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Pod, metadata: {name: p}}
- apiVersion: v1
  kind: ConfigMap
  data:
    key: value
`;

function allPaths(value: unknown, prefix: FieldPath = []): FieldPath[] {
  const out: FieldPath[] = [];
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const p = [...prefix, Array.isArray(value) ? Number(key) : key];
      out.push(p, ...allPaths(child, p));
    }
  }
  return out;
}

/** The quick scan must agree with the exact parse wherever it answers at all. */
function assertScanAgrees(text: string, label: string): number {
  const quick = parseDocuments(text);
  const exact = parseDocumentsWithPositions(text);
  const source = new SourceText(text, [], false);
  let answered = 0;
  quick.forEach((doc, index) => {
    const exactSource = new SourceText(
      text,
      quick.map((d) => d.offset),
      false,
    );
    const missing: FieldPath[] = [
      ['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'runAsNonRoot'],
      ['nope'],
      ['metadata', 'labels', 'x', 'y'],
      ['items', 99],
    ];
    const paths = [...allPaths(doc.value), ...missing];
    // resuming from the previous path's walk gives the same answer, in walk order and in reverse
    const trail: PathTrail = { start: -1, path: [], states: [] };
    for (const p of [...paths, ...[...paths].reverse()]) {
      assert.equal(
        scanBlockPath(text, doc.offset, p, trail),
        scanBlockPath(text, doc.offset, p),
        p.join('.'),
      );
    }
    for (const p of paths) {
      const fast = scanBlockPath(text, doc.offset, p);
      if (fast === undefined) continue;
      answered++;
      const expected = (
        exactSource as unknown as { exactOffset(d: number, p: FieldPath): number }
      ).exactOffset(index, p);
      // lines must agree; inside one-line flow collections the quick scan names the collection's column
      assert.equal(
        source.position(fast).line,
        source.position(expected).line,
        `${label} doc ${index} path ${p.join('.')}`,
      );
    }
  });
  assert.equal(quick.length, exact.length);
  return answered;
}

describe('field positions', () => {
  it('names the line of each field, in block and flow style alike', () => {
    const docs = parseDocuments(SAMPLE);
    const source = new SourceText(
      SAMPLE,
      docs.map((d) => d.offset),
      false,
    );
    const at = (doc: number, p: FieldPath) => source.locate(doc, p);
    assert.deepEqual(at(0, []), { line: 4, column: 1 });
    assert.deepEqual(at(0, ['metadata', 'annotations', 'quoted/key']), { line: 9, column: 5 });
    assert.deepEqual(at(0, ['metadata', 'annotations', 'single']), { line: 10, column: 5 });
    assert.deepEqual(at(0, ['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'privileged']), {
      line: 19,
      column: 11,
    });
    assert.deepEqual(at(0, ['spec', 'template', 'spec', 'containers', 1]), { line: 20, column: 9 });
    assert.deepEqual(at(0, ['spec', 'template', 'spec', 'containers', 1, 'command', 2]), {
      line: 24,
      column: 13,
    });
    assert.deepEqual(at(0, ['spec', 'template', 'spec', 'containers', 1, 'env', 0, 'value']), {
      line: 27,
      column: 9, // inside a one-line flow collection: the line, and the key holding it
    });
    assert.deepEqual(at(0, ['spec', 'template', 'spec', 'volumes', 0, 'hostPath', 'path']), {
      line: 32,
      column: 13,
    });
    assert.deepEqual(at(1, ['items', 0, 'metadata', 'name']), { line: 37, column: 3 });
    assert.deepEqual(at(1, ['items', 1, 'data', 'key']), { line: 41, column: 5 });
  });

  it('falls back to the nearest existing parent for a missing field', () => {
    const docs = parseDocuments(SAMPLE);
    const source = new SourceText(
      SAMPLE,
      docs.map((d) => d.offset),
      false,
    );
    assert.deepEqual(source.locate(0, ['spec', 'template', 'spec', 'hostPID']), { line: 13, column: 5 });
  });

  it('agrees with the exact parse on every field of the sample', () => {
    assert.ok(assertScanAgrees(SAMPLE, 'sample') > 20);
  });

  it('agrees with the exact parse on every field of the bundled example', (t) => {
    let files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.ya?ml$/.test(name)) files.push(full);
      }
    };
    try {
      walk(EXAMPLE_DIR);
    } catch {
      files = [];
    }
    if (files.length === 0) return t.skip('no example manifests yet');
    let answered = 0;
    for (const file of files) answered += assertScanAgrees(readFileSync(file, 'utf8'), file);
    assert.ok(answered > 100);
  });
});

describe('scalar types', () => {
  it('reads booleans as Kubernetes (YAML 1.1) does', () => {
    const [doc] = parseDocuments('a: true\nb: False\nc: yes\nd: off\ne: "true"\nf: 1\ng: ~\nh: 1.5\n');
    assert.deepEqual(doc?.value, { a: true, b: false, c: true, d: false, e: 'true', f: 1, g: null, h: 1.5 });
  });
});

describe('line endings', () => {
  it('places fields in CRLF files as in LF ones', () => {
    const lf =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx\n';
    const crlf = lf.replace(/\n/g, '\r\n');
    for (const text of [lf, crlf]) {
      const docs = parseDocuments(text);
      const source = new SourceText(
        text,
        docs.map((d) => d.offset),
        false,
      );
      assert.deepEqual(source.locate(0, ['spec', 'containers', 0, 'image']), { line: 8, column: 7 });
      assert.deepEqual(source.locate(0, ['spec', 'hostPID']), { line: 5, column: 1 });
    }
  });
});
