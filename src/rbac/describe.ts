/** How output names the model's facts: a policy rule, a binding, and the grant that joins them. */
import type { BindingEntry, Grant } from './model.js';
import type { PolicyRuleView } from './objects.js';

/** `get, list secrets, configmaps (core)`; `get /healthz, /livez`; with `resourceNames` when set. */
export function describeRule(rule: PolicyRuleView): string {
  const verbs = rule.verbs.includes('*') ? 'every verb (*)' : rule.verbs.join(', ') || '(no verbs)';
  if (rule.resources.length === 0 && rule.nonResourceURLs.length > 0)
    return `${verbs} ${rule.nonResourceURLs.join(', ')}`;
  const groups = rule.apiGroups.includes('*')
    ? 'every API group'
    : rule.apiGroups.map((g) => (g === '' ? 'core' : g)).join(', ') || 'no API group';
  const names = rule.resourceNames.length > 0 ? ` named ${rule.resourceNames.join(', ')}` : '';
  const resources = rule.resources.includes('*') ? 'every resource (*)' : rule.resources.join(', ');
  return `${verbs} ${resources || '(no resources)'} (${groups})${names}`;
}

export function describeBinding(binding: BindingEntry): string {
  const name = binding.namespace ? `${binding.namespace}/${binding.name}` : binding.name;
  return `${binding.kind} \`${name}\`${binding.builtIn ? ' (built in)' : ''}`;
}

/** `RoleBinding `shop/devs` → ClusterRole `edit`, rule 2 of ClusterRole `system:aggregate-to-edit`: ...`. */
export function describeGrant(grant: Grant): string {
  const { binding, role, rule } = grant;
  const from =
    rule.from === role
      ? `rule ${rule.rule.index}`
      : `rule ${rule.rule.index} of ClusterRole \`${rule.from.name}\` (aggregated)`;
  return `${describeBinding(binding)} → ${role.kind} \`${role.name}\`${role.builtIn ? ' (built in)' : ''}, ${from}: ${describeRule(rule.rule)}`;
}
