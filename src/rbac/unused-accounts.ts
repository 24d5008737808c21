/**
 * ServiceAccounts with rights that no workload uses: the input's bindings grant the account something, but no
 * pod-bearing workload of its namespace runs as it with a token. Such a grant serves only whoever obtains a
 * token for the account. Judged only for namespaces whose workloads are in the input (at least one), so a
 * partial input (RBAC in one file, Deployments elsewhere) says "not assessable" instead of reporting everything.
 */
import type { Inventory, PodWorkload } from '../inventory/inventory.js';
import { asArray, asRecord } from '../inventory/values.js';
import { serviceAccountName } from '../rules/workloads/service-account-token.js';
import type { BindingEntry, RbacModel } from './model.js';
import { subjectOfView } from './model.js';
import type { SubjectView } from './objects.js';

export interface AccountGrant {
  binding: BindingEntry;
  /** The binding's subject entry that names the account. */
  view: SubjectView;
}

export interface UnusedAccount {
  namespace: string;
  name: string;
  /** The input's bindings that grant it rights (to a role that exists and has rules). */
  grants: AccountGrant[];
  /** Workloads that run as it without a token (automountServiceAccountToken false, no projected token). */
  tokenless: PodWorkload[];
  /** Pod-bearing workloads of its namespace in the input. */
  workloadsInNamespace: number;
}

export interface UnusedAccounts {
  unused: UnusedAccount[];
  /** Accounts with rights whose namespace has no workloads in the input: usage cannot be judged. */
  notAssessable: { namespace: string; name: string; grants: AccountGrant[] }[];
}

/** A projected `serviceAccountToken` volume gives the pod a token whatever automount says. */
function projectsToken(spec: Record<string, unknown>): boolean {
  return asArray(spec.volumes).some((volume) =>
    asArray(asRecord(asRecord(volume)?.projected)?.sources).some(
      (source) => asRecord(source)?.serviceAccountToken !== undefined,
    ),
  );
}

/** Whether the workload's pods get a token of their ServiceAccount: the pod's setting, else the account's. */
function mountsToken(workload: PodWorkload, inventory: Inventory, namespace: string, name: string): boolean {
  const { spec } = workload.template;
  if (projectsToken(spec)) return true;
  const own = spec.automountServiceAccountToken;
  if (own === true || own === false) return own;
  return inventory.get('ServiceAccount', namespace, name)?.object.automountServiceAccountToken !== false;
}

const cache = new WeakMap<RbacModel, UnusedAccounts>();

export function unusedServiceAccounts(model: RbacModel, inventory: Inventory): UnusedAccounts {
  const cached = cache.get(model);
  if (cached !== undefined) return cached;
  const granted = new Map<string, { namespace: string; name: string; grants: AccountGrant[] }>();
  for (const binding of model.bindings) {
    if (binding.builtIn || binding.role === undefined || model.rulesOf(binding.role).length === 0) continue;
    for (const view of binding.subjects) {
      const subject = subjectOfView(view);
      if (subject?.kind !== 'ServiceAccount' || subject.namespace === undefined) continue;
      const k = `${subject.namespace}/${subject.name}`;
      const entry = granted.get(k);
      if (entry === undefined)
        granted.set(k, { namespace: subject.namespace, name: subject.name, grants: [{ binding, view }] });
      else entry.grants.push({ binding, view });
    }
  }
  const out: UnusedAccounts = { unused: [], notAssessable: [] };
  for (const account of granted.values()) {
    const workloads = inventory.podWorkloadsIn(account.namespace);
    if (workloads.length === 0) {
      out.notAssessable.push(account);
      continue;
    }
    const runAs = workloads.filter((w) => serviceAccountName(w.template.spec) === account.name);
    if (runAs.some((w) => mountsToken(w, inventory, account.namespace, account.name))) continue;
    out.unused.push({ ...account, tokenless: runAs, workloadsInNamespace: workloads.length });
  }
  cache.set(model, out);
  return out;
}
