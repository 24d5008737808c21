// The RBAC part of `npm run bench` (also `node dist/bench/rbac.js`): a synthetic set of 10,000 Roles/ClusterRoles
// and 20,000 bindings over 2,000 namespaces. Measures the full `parapet rbac --format json` report as a child
// process (wall time, peak RSS) and who-can on a loaded model (in process, after the load). Targets: report < 2 s,
// who-can < 200 ms, peak RSS < 512 MiB. A measurement: exits 0 whatever the numbers are.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadManifests } from '../src/inputs/manifests.js';
import { Inventory } from '../src/inventory/inventory.js';
import { RbacModel } from '../src/rbac/model.js';
import { EscalationGraph } from '../src/rbac/paths.js';
import { parseRequest } from '../src/rbac/request.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIR = join(ROOT, '.bench', 'rbac');
const CLI = join(ROOT, 'bin', 'parapet.js');
const HOOK = fileURLToPath(new URL('./rss-hook.js', import.meta.url));

export const RBAC_SHAPE = { namespaces: 2000, roles: 10_000, bindings: 20_000 };
const TARGETS = { reportMs: 2000, whoCanMs: 200, rssKiB: 512 * 1024 };

const RULE_SETS = [
  '[{apiGroups: [""], resources: [pods, pods/log], verbs: [get, list, watch]}]',
  '[{apiGroups: [apps], resources: [deployments, deployments/scale], verbs: [get, list, patch, update]}]',
  '[{apiGroups: [""], resources: [configmaps], verbs: [get, list]}, {apiGroups: [""], resources: [secrets], resourceNames: [tls], verbs: [get]}]',
  '[{apiGroups: [""], resources: [pods], verbs: [create, delete]}, {apiGroups: [batch], resources: [jobs], verbs: [create]}]',
  '[{apiGroups: [""], resources: [secrets], verbs: [get, list]}]',
];

/** Deterministic: every tenth role is a ClusterRole (some aggregated into view), the rest Roles spread over namespaces. */
export function generateRbac(): string {
  const { namespaces, roles, bindings } = RBAC_SHAPE;
  const docs: string[] = [];
  const V = 'apiVersion: rbac.authorization.k8s.io/v1';
  for (let n = 0; n < namespaces; n++)
    docs.push(`apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app, namespace: ns-${n}}`);
  for (let i = 0; i < roles; i++) {
    const rules = RULE_SETS[i % RULE_SETS.length];
    if (i % 10 === 0) {
      const labels = i % 50 === 0 ? '{rbac.authorization.k8s.io/aggregate-to-view: "true"}' : '{}';
      docs.push(`${V}\nkind: ClusterRole\nmetadata: {name: cr-${i}, labels: ${labels}}\nrules: ${rules}`);
    } else
      docs.push(
        `${V}\nkind: Role\nmetadata: {name: role-${i}, namespace: ns-${i % namespaces}}\nrules: ${rules}`,
      );
  }
  for (let j = 0; j < bindings; j++) {
    const i = j % roles;
    const ns = `ns-${i % namespaces}`;
    const subject =
      j % 3 === 0
        ? `{kind: ServiceAccount, name: app, namespace: ns-${(j * 7) % namespaces}}`
        : j % 3 === 1
          ? `{kind: User, name: user-${j % 5000}}`
          : `{kind: Group, name: team-${j % 300}}`;
    const ref = i % 10 === 0 ? `ClusterRole, name: cr-${i}` : `Role, name: role-${i}`;
    const kind = i % 10 === 0 && j % 20 === 0 ? 'ClusterRoleBinding' : 'RoleBinding';
    const meta = kind === 'RoleBinding' ? `{name: b-${j}, namespace: ${ns}}` : `{name: b-${j}}`;
    docs.push(
      `${V}\nkind: ${kind}\nmetadata: ${meta}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ${ref}}\nsubjects: [${subject}]`,
    );
  }
  return `${docs.join('\n---\n')}\n`;
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');

export async function runRbacBench(): Promise<string> {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const file = join(DIR, 'rbac.yaml');
  writeFileSync(file, generateRbac());

  const rssFile = join(DIR, 'rss');
  const times: number[] = [];
  let rss = 0;
  for (let run = 0; run < 3; run++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ['--import', HOOK, CLI, 'rbac', '--format', 'json', file], {
      env: { ...process.env, PARAPET_BENCH_RSS_FILE: rssFile },
      maxBuffer: 1024 * 1024 * 1024,
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    times.push(ms(start));
    if (result.status !== 0) return `rbac bench: parapet rbac exited ${result.status}`;
    rss = Math.max(rss, Number(readFileSync(rssFile, 'utf8')));
  }

  let start = process.hrtime.bigint();
  const loaded = await loadManifests([file]);
  const loadMs = ms(start);
  start = process.hrtime.bigint();
  const model = new RbacModel(loaded.resources);
  const modelMs = ms(start);
  start = process.hrtime.bigint();
  new EscalationGraph(model, new Inventory(loaded.resources), () => 'restricted');
  const graphMs = ms(start);
  const request = parseRequest('get', 'secrets');
  if (request === undefined) throw new Error('unreachable');
  const whoCan: number[] = [];
  for (let run = 0; run < 5; run++) {
    const start = process.hrtime.bigint();
    model.whoCan(request, run % 2 === 0 ? '' : 'ns-17');
    whoCan.push(ms(start));
  }
  const report = Math.min(...times);
  const who = Math.min(...whoCan);
  const { namespaces, roles, bindings } = RBAC_SHAPE;
  return [
    `RBAC: ${roles.toLocaleString('en')} Roles/ClusterRoles, ${bindings.toLocaleString('en')} bindings, ${namespaces.toLocaleString('en')} namespaces`,
    `  parapet rbac --format json (full report, fresh process): ${report.toFixed(0)} ms (target < ${TARGETS.reportMs} ms) ${verdict(report < TARGETS.reportMs)}; runs ${times.map((t) => t.toFixed(0)).join(', ')}`,
    `  who-can get secrets after load: ${who.toFixed(1)} ms (target < ${TARGETS.whoCanMs} ms) ${verdict(who < TARGETS.whoCanMs)}; runs ${whoCan.map((t) => t.toFixed(1)).join(', ')}`,
    `  phases in process: load (parse) ${loadMs.toFixed(0)} ms, model ${modelMs.toFixed(0)} ms, capabilities and graph ${graphMs.toFixed(0)} ms`,
    `  peak RSS of the report: ${(rss / 1024).toFixed(0)} MiB (target < 512 MiB) ${verdict(rss < TARGETS.rssKiB)}`,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runRbacBench().then(
    (text) => process.stdout.write(`${text}\n`),
    (error: unknown) => {
      process.stderr.write(`rbac bench: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
