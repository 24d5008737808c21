/**
 * `parapet rbac`: effective RBAC permissions as the API server computes them, on the same inputs as `scan`:
 * who can do something, whether one subject can, and everything a subject can do.
 */
import { DEFAULT_MAX_FILE_SIZE, loadManifests } from '../inputs/manifests.js';
import { Inventory } from '../inventory/inventory.js';
import { BOOTSTRAP_COMMIT, BOOTSTRAP_RELEASE } from '../rbac/bootstrap/source.js';
import { describeHeld } from '../rbac/capabilities.js';
import { describeBinding, describeGrant, describeRule } from '../rbac/describe.js';
import { describeRequest, type Request } from '../rbac/match.js';
import { type Grant, isBuiltInSubject, type RbacModel, rbacModelOf } from '../rbac/model.js';
import { describeRoleRef } from '../rbac/objects.js';
import { escalationGraphOf, formatPath } from '../rbac/paths.js';
import { parseRequest } from '../rbac/request.js';
import { formatSubject, isClusterComponent, parseSubject, type Subject } from '../rbac/subjects.js';
import { type UnusedAccount, unusedServiceAccounts } from '../rbac/unused-accounts.js';
import { DEFAULT_PSS, pssResolver } from '../rules/pod-security/settings.js';
import { oneOf, parseFlags, parseSize, UsageError } from './args.js';
import { writeOutput } from './output.js';

const SUBJECTS = `SUBJECT is user:NAME, group:NAME, sa:NAMESPACE/NAME or system:serviceaccount:NAMESPACE:NAME.`;
const RESOURCES = `RESOURCE is a resource, optionally with its API group and a subresource: pods, pods/exec,
deployments.apps, deployments.apps/scale, clusterrolebindings.rbac.authorization.k8s.io; or a non-resource URL
such as /metrics.`;
const COMMON_FLAGS = `  -n, --namespace NS    the namespace the request is in (default: cluster-wide, which only
                        ClusterRoleBindings grant; with -n, RoleBindings there count too)
  --name NAME           the object's name, for roles limited by resourceNames (get, update, delete)
  --max-file-size SIZE  refuse larger files (default 16Mi)
  -h, --help            this help`;

const HELP = `Effective RBAC permissions, resolved as the API server's RBAC authorizer does: aggregated ClusterRoles,
RoleBindings to ClusterRoles (granting only in their namespace), groups (system:authenticated,
system:serviceaccounts[:NS], system:masters), wildcards, resourceNames, subresources and non-resource URLs.
Kubernetes' default ClusterRoles and ClusterRoleBindings (cluster-admin, admin, edit, view, system:*) are built
in, so a binding to edit is understood when the input does not define it; an input's own role of the same name
replaces the built-in one. The built-in data (refresh: scripts/rbac-bootstrap.ts) is Kubernetes'
bootstrappolicy/testdata at commit ${BOOTSTRAP_COMMIT.slice(0, 8)}: ${BOOTSTRAP_RELEASE}.

Usage:
  parapet rbac [--format table|json|dot] [--max-paths N] PATH...
  parapet rbac who-can VERB RESOURCE [-n NS] [--name N] [--hide-system] [--format table|json] PATH...
  parapet rbac can SUBJECT VERB RESOURCE [-n NS] [--name N] PATH...
  parapet rbac subject SUBJECT [--format table|json] PATH...

  (none)    the full report: each subject's risky grants, the escalation paths from ordinary subjects
            to cluster control, shortest first, and the ServiceAccounts with rights that no workload in
            the input uses (judged only where the input holds workloads of their namespace)
            (--format dot draws the can-become graph for Graphviz)
  who-can   every subject the request is allowed to, with the bindings that allow it
  can       exit 0 if SUBJECT may, 1 if not; prints the binding and rule that grant it
  subject   everything SUBJECT may do, by namespace

${SUBJECTS}
${RESOURCES}

Flags:
${COMMON_FLAGS}
  --format FORMAT       table (default) or json; who-can's JSON is an array of
                        {kind, name, namespace (ServiceAccounts only),
                         via: [{binding, bindingKind, role, roleKind, namespace}]}
  --hide-system         who-can: leave out the cluster's own subjects: system: users and groups
                        (system:masters, system:kube-scheduler, system:nodes...; not the groups for
                        everyone, system:authenticated and system:serviceaccounts[:NS], nor
                        system:anonymous) and kube-system ServiceAccounts that only the built-in
                        bindings name (kube-dns); says how many it hid
  --max-paths N         escalation paths per subject in the full report (default 3)
  -o, --output FILE     write to FILE instead of standard output

Examples:
  parapet rbac --format dot manifests/ | dot -Tsvg > rbac.svg
  parapet rbac who-can get secrets -n kube-system --hide-system examples/edge-cluster/site
  parapet rbac can sa:ci/builder create pods -n build manifests/
  parapet rbac subject user:alice manifests/

Exit codes: 0 done (can: allowed); 1 can: not allowed; 2 usage error or unreadable input.
`;

const OPTIONS = {
  namespace: { type: 'string', short: 'n' },
  name: { type: 'string' },
  format: { type: 'string' },
  'max-paths': { type: 'string' },
  'hide-system': { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  'max-file-size': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseFlags<typeof OPTIONS>>['values'];

const usage = (message: string) => new UsageError(`${message}\nRun \`parapet rbac --help\` for usage.`);

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, OPTIONS, 'rbac');
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (values['hide-system'] && command !== 'who-can') throw usage('--hide-system belongs to who-can');
  switch (command) {
    case 'who-can':
      return whoCan(values, rest);
    case 'can':
      return can(values, rest);
    case 'subject':
      return subject(values, rest);
    default:
      return report(values, positionals);
  }
}

function request(verb: string | undefined, target: string | undefined, values: Values): Request {
  if (verb === undefined || target === undefined) throw usage('VERB and RESOURCE are required');
  const parsed = parseRequest(verb, target, values.name);
  if (parsed === undefined)
    throw usage(`cannot read "${verb} ${target}" as VERB RESOURCE[.GROUP][/SUBRESOURCE]`);
  if ('path' in parsed && values.namespace !== undefined)
    throw usage('non-resource URLs have no namespace: drop -n');
  return parsed;
}

function subjectArg(text: string | undefined): Subject {
  if (text === undefined) throw usage(`SUBJECT is required. ${SUBJECTS}`);
  const parsed = parseSubject(text);
  if (parsed === undefined) throw usage(`cannot read "${text}" as a subject. ${SUBJECTS}`);
  return parsed;
}

function pathsArg(paths: string[]): string[] {
  if (paths.length === 0) throw usage('no PATH given');
  return paths;
}

interface Loaded {
  model: RbacModel;
  inventory: Inventory;
  inputErrors: boolean;
}

async function load(paths: string[], values: Values): Promise<Loaded> {
  const loaded = await loadManifests(paths, {
    maxFileSize: parseSize('max-file-size', values['max-file-size'], DEFAULT_MAX_FILE_SIZE),
  });
  for (const note of loaded.notes)
    if (note.level === 'error') process.stderr.write(`parapet rbac: ${note.message}\n`);
  const inventory = new Inventory(loaded.resources);
  const model = rbacModelOf(inventory);
  for (const note of model.notes) process.stderr.write(`parapet rbac: note: ${note.message}\n`);
  return { model, inventory, inputErrors: loaded.inputErrors };
}

function where(namespace: string): string {
  return namespace === '' ? 'cluster-wide' : `in namespace \`${namespace}\``;
}

function viaJson(grant: Grant) {
  return {
    binding: grant.binding.name,
    bindingKind: grant.binding.kind,
    role: grant.role.name,
    roleKind: grant.role.kind,
    namespace: grant.binding.namespace,
  };
}

async function whoCan(values: Values, args: string[]): Promise<number> {
  const [verb, target, ...paths] = args;
  const req = request(verb, target, values);
  const format = oneOf('format', values.format, ['table', 'json'] as const, 'table');
  const namespace = values.namespace ?? '';
  const { model, inputErrors } = await load(pathsArg(paths), values);
  const all = model.whoCan(req, namespace);
  const answers = values['hide-system'] ? all.filter((answer) => !isBuiltInSubject(answer)) : all;
  const hidden = all.length - answers.length;
  let text: string;
  if (format === 'json') {
    const out = answers.map(({ subject, via }) => ({
      kind: subject.kind,
      name: subject.name,
      ...(subject.kind === 'ServiceAccount' ? { namespace: subject.namespace } : {}),
      via: via.map(viaJson),
    }));
    text = `${JSON.stringify(out, null, 2)}\n`;
  } else {
    const shown = hidden > 0 ? ` (${hidden} of the cluster's own hidden by --hide-system)` : '';
    const lines = [
      `Who can ${describeRequest(req)} ${where(namespace)}: ${answers.length} subject(s)${shown}`,
    ];
    for (const { subject, via } of answers) {
      lines.push(`  ${formatSubject(subject)}`);
      for (const grant of via) lines.push(`      via ${describeGrant(grant)}`);
    }
    text = `${lines.join('\n')}\n`;
  }
  await writeOutput(text, values.output);
  return inputErrors ? 2 : 0;
}

async function can(values: Values, args: string[]): Promise<number> {
  const [who, verb, target, ...paths] = args;
  const subj = subjectArg(who);
  const req = request(verb, target, values);
  const namespace = values.namespace ?? '';
  const { model, inputErrors } = await load(pathsArg(paths), values);
  const grants = model.grants(subj, req, namespace);
  const question = `${formatSubject(subj)} ${describeRequest(req)} ${where(namespace)}`;
  const lines =
    grants.length > 0
      ? [`yes: ${question}`, ...grants.map((g) => `  granted by ${describeGrant(g)}`)]
      : [`no: nothing grants ${question}`];
  await writeOutput(`${lines.join('\n')}\n`, values.output);
  if (inputErrors) return 2;
  return grants.length > 0 ? 0 : 1;
}

async function subject(values: Values, args: string[]): Promise<number> {
  const [who, ...paths] = args;
  const subj = subjectArg(who);
  const format = oneOf('format', values.format, ['table', 'json'] as const, 'table');
  const { model, inputErrors } = await load(pathsArg(paths), values);
  const byNamespace = new Map<string, Grant[]>();
  for (const { namespace, grant } of model.permissionsOf(subj)) {
    const list = byNamespace.get(namespace);
    if (list === undefined) byNamespace.set(namespace, [grant]);
    else list.push(grant);
  }
  const namespaces = [...byNamespace.keys()].sort();
  let text: string;
  if (format === 'json') {
    const out = {
      subject: formatSubject(subj),
      namespaces: namespaces.map((namespace) => ({
        namespace,
        rules: (byNamespace.get(namespace) ?? []).map((grant) => {
          const { apiGroups, resources, verbs, resourceNames, nonResourceURLs } = grant.rule.rule;
          return { apiGroups, resources, verbs, resourceNames, nonResourceURLs, ...viaJson(grant) };
        }),
      })),
    };
    text = `${JSON.stringify(out, null, 2)}\n`;
  } else {
    const lines = [`What ${formatSubject(subj)} can do:`];
    if (namespaces.length === 0) lines.push('  nothing: no binding names it or its groups');
    for (const namespace of namespaces) {
      lines.push(`  ${namespace === '' ? 'cluster-wide (every namespace)' : `in namespace ${namespace}`}:`);
      for (const grant of byNamespace.get(namespace) ?? [])
        lines.push(
          `    ${describeRule(grant.rule.rule)}  (via ${describeBinding(grant.binding)} → ${grant.role.kind} \`${grant.role.name}\`)`,
        );
    }
    text = `${lines.join('\n')}\n`;
  }
  await writeOutput(text, values.output);
  return inputErrors ? 2 : 0;
}

function maxPaths(value: string | undefined): number {
  if (value === undefined) return 3;
  if (!/^[1-9]\d*$/.test(value)) throw usage(`--max-paths takes a positive whole number (got "${value}")`);
  return Number(value);
}

const dotId = (text: string) => JSON.stringify(text);

/** The full report: risky grants per subject, and escalation paths to cluster control. */
async function report(values: Values, paths: string[]): Promise<number> {
  const format = oneOf('format', values.format, ['table', 'json', 'dot'] as const, 'table');
  const max = maxPaths(values['max-paths']);
  if (values.namespace !== undefined || values.name !== undefined)
    throw usage('-n and --name belong to who-can and can');
  const { model, inventory, inputErrors } = await load(pathsArg(paths), values);
  const pss = pssResolver(inventory, DEFAULT_PSS);
  const graph = escalationGraphOf(model, inventory, (ns) => pss(ns).level);
  const subjects = [...graph.nodes.values()].filter(
    (n) => n.subject !== undefined && !isClusterComponent(n.subject) && n.held.length > 0,
  );
  const found = graph.sources().flatMap((source) => graph.pathsFrom(source.key, max));
  const accounts = unusedServiceAccounts(model, inventory);
  const accountKey = (a: { namespace: string; name: string }) =>
    formatSubject({ kind: 'ServiceAccount', namespace: a.namespace, name: a.name });
  const unusedWhy = (a: UnusedAccount) =>
    a.tokenless.length > 0 ? 'its workloads do not mount its token' : 'no workload runs as it';
  let text: string;
  if (format === 'json') {
    text = `${JSON.stringify(
      {
        subjects: subjects.map((n) => ({
          subject: n.key,
          adminEquivalent: n.admin ?? null,
          capabilities: n.held.map((h) => ({
            capability: h.capability.id,
            ...viaJson(h.grant),
          })),
        })),
        paths: found.map((p) => ({ from: p.from, steps: p.steps, end: p.end, text: formatPath(p) })),
        unusedServiceAccounts: accounts.unused.map((a) => ({
          serviceAccount: accountKey(a),
          reason: unusedWhy(a),
          bindings: a.grants.map(({ binding }) => ({
            binding: binding.name,
            bindingKind: binding.kind,
            role: binding.roleRef.name,
            roleKind: binding.roleRef.kind,
            namespace: binding.namespace,
          })),
        })),
        notAssessableServiceAccounts: accounts.notAssessable.map(accountKey),
        notes: model.notes.map((n) => n.message),
      },
      null,
      2,
    )}\n`;
  } else if (format === 'dot') {
    const lines = ['digraph rbac {', '  rankdir=LR;', '  node [shape=box];'];
    const drawn = new Set<string>();
    for (const [from, edge] of graph.allEdges()) {
      for (const key of [from, edge.to]) {
        if (drawn.has(key)) continue;
        drawn.add(key);
        const admin = graph.nodes.get(key)?.admin;
        lines.push(`  ${dotId(key)}${admin ? ` [color=red, tooltip=${dotId(admin)}]` : ''};`);
      }
      lines.push(`  ${dotId(from)} -> ${dotId(edge.to)} [label=${dotId(edge.action)}];`);
    }
    lines.push('}');
    text = `${lines.join('\n')}\n`;
  } else {
    const lines = [`Risky grants: ${subjects.length} subject(s)`];
    for (const n of subjects) {
      lines.push(`  ${n.key}${n.admin ? `  (admin-equivalent: ${n.admin})` : ''}`);
      // full control implies every other capability: listing them all would bury the point
      const full = n.held.filter((h) => h.capability.id === 'full-control');
      for (const h of full.length > 0 ? full : n.held)
        lines.push(`    ${describeHeld(h)}  via ${describeGrant(h.grant)}`);
    }
    lines.push('', `Escalation paths to cluster control: ${found.length}`);
    for (const p of found) lines.push(`  ${formatPath(p)}`);
    lines.push('', `ServiceAccounts with rights no workload uses: ${accounts.unused.length}`);
    for (const a of accounts.unused) {
      lines.push(`  ${accountKey(a)}  (${unusedWhy(a)})`);
      for (const { binding } of a.grants)
        lines.push(`    via ${describeBinding(binding)} → ${describeRoleRef(binding.roleRef)}`);
    }
    if (accounts.notAssessable.length > 0) {
      const names = accounts.notAssessable.map(accountKey);
      const more = names.length > 5 ? ` and ${names.length - 5} more` : '';
      lines.push(
        `  not assessable (no workloads of their namespace in the input): ${names.slice(0, 5).join(', ')}${more}`,
      );
    }
    text = `${lines.join('\n')}\n`;
  }
  await writeOutput(text, values.output);
  return inputErrors ? 2 : 0;
}
