// Refreshes the built-in RBAC bootstrap policy (src/rbac/bootstrap/cluster-roles.ts, cluster-role-bindings.ts and
// source.ts) from Kubernetes' plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata at a tag or commit:
//
//   npm run build && node dist/scripts/rbac-bootstrap.js --ref v1.32.0
//   npm run build && node dist/scripts/rbac-bootstrap.js --ref <commit> --release "Kubernetes 1.32" [--from DIR]
//   npx --yes @biomejs/biome@2.6.8 check --write src/rbac/bootstrap/ && npm test
//
// --from DIR reads cluster-roles.yaml and cluster-role-bindings.yaml from DIR instead of GitHub. A tag names its
// release; for a commit, say which release it is with --release. Review the diff: a role that changed changes
// what `parapet rbac` answers about clusters that do not define it.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import yaml from 'js-yaml';

const TESTDATA = 'plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata';
const OUT = fileURLToPath(new URL('../../src/rbac/bootstrap/', import.meta.url));
const AGGREGATE = 'rbac.authorization.k8s.io/aggregate-to-';

type Item = Record<string, unknown>;
const items = (text: string): Item[] => ((yaml.load(text) as { items?: Item[] })?.items ?? []) as Item[];
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The data files' shorthands for the verb lists most rules use. */
const VERBS: Record<string, string> = {
  'get list watch': 'R',
  'create delete deletecollection patch update': 'W',
  'create delete deletecollection get list patch update watch': 'RW',
};
const verbs = (list: string[]) => VERBS[list.join(' ')] ?? quote(list.join(' '));
const groups = (list: string[]) => {
  const text = list.map((g) => (g === '' ? '""' : g)).join(' ');
  return text === '""' ? 'CORE' : quote(text);
};

/** cluster-roles.yaml → the BootstrapClusterRole entries, in the file's order. */
export function clusterRolesSource(text: string): string {
  const entries = items(text).map((role) => {
    const metadata = (role.metadata ?? {}) as { name?: string; labels?: Record<string, string> };
    const fields = [`name: ${quote(String(metadata.name))}`];
    const rule = role.aggregationRule as { clusterRoleSelectors?: { matchLabels?: object }[] } | undefined;
    const selectors = (rule?.clusterRoleSelectors ?? []).flatMap((s) => Object.keys(s.matchLabels ?? {}));
    if (selectors.length > 1) throw new Error(`${metadata.name}: more than one aggregation selector`);
    if (selectors[0] !== undefined) fields.push(`aggregateFrom: ${quote(selectors[0])}`);
    const to = Object.keys(metadata.labels ?? {})
      .filter((label) => label.startsWith(AGGREGATE))
      .map((label) => label.slice(AGGREGATE.length));
    if (to.length > 1) throw new Error(`${metadata.name}: aggregated to more than one role`);
    if (to[0] !== undefined) fields.push(`aggregateTo: ${quote(to[0])}`);
    const rules = (Array.isArray(role.rules) ? role.rules : []) as Item[];
    const rows = rules
      .filter((rule) => strings(rule.nonResourceURLs).length === 0)
      .map((rule) => {
        const names = strings(rule.resourceNames);
        const cells = [
          groups(strings(rule.apiGroups)),
          quote(strings(rule.resources).join(' ')),
          verbs(strings(rule.verbs)),
        ];
        if (names.length > 0) cells.push(quote(names.join(' ')));
        return `[${cells.join(', ')}]`;
      });
    fields.push(`rows: [${rows.join(', ')}]`);
    const urls = rules
      .filter((rule) => strings(rule.nonResourceURLs).length > 0)
      .map(
        (rule) =>
          `[${quote(strings(rule.nonResourceURLs).join(' '))}, ${quote(strings(rule.verbs).join(' '))}]`,
      );
    if (urls.length > 0) fields.push(`nonResourceURLs: [${urls.join(', ')}]`);
    return `  { ${fields.join(', ')} },`;
  });
  const constants = Object.entries(VERBS)
    .map(([list, name]) => `const ${name} = ${quote(list)};`)
    .join('\n');
  return `/**
 * The ClusterRoles every cluster starts with (Kubernetes' RBAC bootstrap policy), as data: a binding to \`edit\` or
 * \`system:node\` is understood when the input does not define the role. Facts from
 * ${TESTDATA}/cluster-roles.yaml at the commit in ./source.ts. The
 * controller roles (\`system:controller:*\`, controller-roles.yaml) are not included. Refresh with
 * scripts/rbac-bootstrap.ts.
 */
import type { BootstrapClusterRole } from './types.js';

${constants}

const CORE = '""';

export const BOOTSTRAP_CLUSTER_ROLES: readonly BootstrapClusterRole[] = [
${entries.join('\n')}
];
`;
}

/** cluster-role-bindings.yaml → the BootstrapBinding entries. */
export function bindingsSource(text: string): string {
  const entries = items(text).map((binding) => {
    const name = String((binding.metadata as { name?: string })?.name);
    const role = String((binding.roleRef as { name?: string })?.name);
    const subjects = ((Array.isArray(binding.subjects) ? binding.subjects : []) as Item[]).map((s) =>
      quote(s.kind === 'ServiceAccount' ? `ServiceAccount:${s.namespace}/${s.name}` : `${s.kind}:${s.name}`),
    );
    return `  { name: ${quote(name)}, role: ${quote(role)}, subjects: [${subjects.join(', ')}] },`;
  });
  return `/**
 * The ClusterRoleBindings every cluster starts with. Facts from Kubernetes'
 * ${TESTDATA}/cluster-role-bindings.yaml at the commit in ./source.ts;
 * \`system:node\` has no subjects since the Node authorizer took over. Refresh with scripts/rbac-bootstrap.ts.
 */
import type { BootstrapBinding } from './types.js';

export const BOOTSTRAP_CLUSTER_ROLE_BINDINGS: readonly BootstrapBinding[] = [
${entries.join('\n')}
];
`;
}

export function sourceSource(ref: string, release: string): string {
  return `/**
 * Where the shipped bootstrap policy comes from: Kubernetes' ${TESTDATA}
 * (cluster-roles.yaml, cluster-role-bindings.yaml) at one commit. Written by scripts/rbac-bootstrap.ts with the data.
 */
export const BOOTSTRAP_COMMIT = ${quote(ref)};

/** The Kubernetes release of that commit. */
export const BOOTSTRAP_RELEASE = ${quote(release)};

export const BOOTSTRAP_SOURCE = \`kubernetes/kubernetes@\${BOOTSTRAP_COMMIT.slice(0, 8)} bootstrappolicy/testdata, \${BOOTSTRAP_RELEASE}\`;
`;
}

async function read(file: string, ref: string, from: string | undefined): Promise<string> {
  if (from !== undefined) return readFileSync(join(from, file), 'utf8');
  const url = `https://raw.githubusercontent.com/kubernetes/kubernetes/${ref}/${TESTDATA}/${file}`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { ref: { type: 'string' }, release: { type: 'string' }, from: { type: 'string' } },
  });
  const ref = values.ref;
  if (ref === undefined) throw new Error('--ref TAG|COMMIT is required');
  const tag = /^v1\.\d+\.\d+$/.exec(ref);
  const release = values.release ?? (tag ? `Kubernetes ${ref.slice(1)}` : undefined);
  if (release === undefined) throw new Error('--release is required with a commit (which release is it?)');
  const roles = clusterRolesSource(await read('cluster-roles.yaml', ref, values.from));
  const bindings = bindingsSource(await read('cluster-role-bindings.yaml', ref, values.from));
  writeFileSync(join(OUT, 'cluster-roles.ts'), roles);
  writeFileSync(join(OUT, 'cluster-role-bindings.ts'), bindings);
  writeFileSync(join(OUT, 'source.ts'), sourceSource(ref, release));
  process.stdout.write(
    `wrote ${OUT}{cluster-roles,cluster-role-bindings,source}.ts from ${ref} (${release})\n`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`rbac-bootstrap: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
