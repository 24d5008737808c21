/** CEL forms of the security-context rules (see form.ts; test/export/rule-cel.test.ts holds each to its rule). */

import { CONFINING_SECCOMP_TYPES } from '../../../rules/pss/checks/seccompProfile_baseline.js';
import { DANGEROUS, normalise } from '../../../rules/workloads/dangerous-capabilities.js';
import { APPARMOR_ANNOTATION } from '../../../rules/workloads/no-apparmor-selinux.js';
import { RUNTIME_SOCKETS, SENSITIVE_HOST_PATHS } from '../../../rules/workloads/sensitive-host-path.js';
import { pssJudges, pssVariables } from '../pss-context.js';
import { celString, celStrings, firstFailing, present, type RuleCelForm } from './form.js';
import { JS_WHITESPACE_CLASS, upperToAscii } from './js-text.js';
import { IS_WINDOWS } from './workloads.js';

const SPEC = 'variables.podSpec';
const POD_CONTEXT = `${SPEC}.securityContext`;

/** The container's field when set, else the pod's (`fallback` when neither is). */
function ownOrPod(c: string, field: string, fallback: string): string {
  return `(${present(c, 'securityContext', field)} ? ${c}.securityContext.${field} : ${present(SPEC, 'securityContext', field)} ? ${POD_CONTEXT}.${field} : ${fallback})`;
}

/** The type of the seccomp profile that holds a container (its own, else the pod's), '' when none is set. */
function seccompType(c: string): string {
  const typeOf = (profile: string) => `(has(${profile}.type) ? ${profile}.type : '')`;
  return `(${present(c, 'securityContext', 'seccompProfile')} ? ${typeOf(`${c}.securityContext.seccompProfile`)} : ${present(SPEC, 'securityContext', 'seccompProfile')} ? ${typeOf(`${POD_CONTEXT}.seccompProfile`)} : '')`;
}

/** An RE2 pattern matching `text` literally (ASCII punctuation escaped). */
function literal(text: string): string {
  return text.replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

/**
 * A CEL bool: the capability entry `entry` normalises (trim, upper case, one `CAP_` stripped) to one of `names`.
 * Exact for names in ASCII, as Linux capability names are.
 */
function capabilityIn(entry: string, names: readonly string[]): string {
  const upper = upperToAscii().reduce(
    (text, [from, to]) => `${text}.replace(${celString(from)}, ${celString(to)})`,
    entry,
  );
  const plain = names.filter((n) => !n.startsWith('CAP_')).map(literal);
  const prefixed = names.filter((n) => n.startsWith('CAP_')).map(literal);
  const choices = [
    ...(plain.length > 0 ? [`(?:CAP_)?(?:${plain.join('|')})`] : []),
    ...(prefixed.length > 0 ? [`CAP_(?:${prefixed.join('|')})`] : []),
  ];
  const space = JS_WHITESPACE_CLASS;
  return `${upper}.upperAscii().matches(${celString(`^${space}*(?:${choices.join('|')})${space}*$`)})`;
}

interface CapabilityParams {
  extraDangerous?: unknown;
}

function dangerousNames(params: CapabilityParams): string[] {
  const extra = Array.isArray(params.extraDangerous)
    ? params.extraDangerous.filter((c): c is string => typeof c === 'string').map(normalise)
    : [];
  return [...new Set([...Object.keys(DANGEROUS), ...extra])];
}

const ADDED = (c: string) => present(c, 'securityContext', 'capabilities', 'add');

/** A normalised host path (as normaliseHostPath) is, lies under, or holds a sensitive one (as sensitivity). */
function sensitivePath(p: string): string {
  const subtrees = SENSITIVE_HOST_PATHS.filter((e) => e.subtree).map((e) => e.path);
  const exact = SENSITIVE_HOST_PATHS.filter((e) => !e.subtree).map((e) => e.path);
  const all = [...RUNTIME_SOCKETS, ...SENSITIVE_HOST_PATHS.map((e) => e.path)];
  return [
    `${p} == '/'`,
    `${celStrings([...RUNTIME_SOCKETS, ...subtrees])}.exists(s, ${p} == s || ${p}.startsWith(s + '/'))`,
    `${p} in ${celStrings(exact)}`,
    `${celStrings(all)}.exists(s, s.startsWith(${p} + '/'))`,
  ].join(' || ');
}

const CONFINING = celStrings(CONFINING_SECCOMP_TYPES);

/** PP-WL-003 leaves the container alone: confined, or an explicit Unconfined that baseline's check reports. */
const SECCOMP_LEFT_ALONE = (c: string) =>
  `[${seccompType(c)}].all(t, t in ${CONFINING} || (t == 'Unconfined' && variables.pssLevel == 'baseline'))`;

export const SECURITY_CONTEXT_FORMS: readonly RuleCelForm[] = [
  {
    id: 'PP-WL-006', // Dangerous capability added
    expression: ({ params }) =>
      `!variables.containers.exists(c, ${ADDED('c')} && c.securityContext.capabilities.add.exists(a, ${capabilityIn('a', dangerousNames(params as CapabilityParams))}))`,
  },
  {
    id: 'PP-WL-007', // Sensitive host path mounted
    // The API server rejects a hostPath with a `..` segment before admission, so normalising is dropping empty
    // and `.` segments (and a trailing slash).
    variables: () => [
      {
        name: 'hostPaths',
        expression: `has(${SPEC}.volumes) ? ${SPEC}.volumes.filter(v, ${present('v', 'hostPath', 'path')} && v.hostPath.path.startsWith('/')).map(v, '/' + v.hostPath.path.split('/').filter(s, s != '' && s != '.').join('/')) : []`,
      },
    ],
    expression: () => `!variables.hostPaths.exists(p, ${sensitivePath('p')})`,
    messageExpression: `'hostPath ' + variables.hostPaths.filter(p, ${sensitivePath('p')})[0] + ' exposes the node'`,
  },
  {
    id: 'PP-WL-004', // No AppArmor or SELinux hardening
    expression: () =>
      [
        IS_WINDOWS,
        `(${present(SPEC, 'securityContext', 'appArmorProfile')})`,
        `(${present(SPEC, 'securityContext', 'seLinuxOptions')})`,
        `variables.containers.all(c, ${[
          `(${present('c', 'securityContext', 'appArmorProfile')})`,
          `(${present('c', 'securityContext', 'seLinuxOptions')})`,
          `(has(c.name) && (${celString(APPARMOR_ANNOTATION)} + c.name) in variables.annotations)`,
          `(${seccompType('c')} in ${CONFINING} && ${present('c', 'securityContext', 'capabilities', 'drop')} && 'ALL' in c.securityContext.capabilities.drop)`,
        ].join(' || ')})`,
      ].join(' || '),
  },
  {
    id: 'PP-WL-003', // No seccomp profile outside restricted namespaces
    variables: ({ pss }) => pssVariables(pss),
    expression: () =>
      `variables.pssLevel == 'restricted' || ${IS_WINDOWS} || variables.containers.all(c, ${SECCOMP_LEFT_ALONE('c')})`,
    messageExpression: firstFailing(
      'variables.containers',
      SECCOMP_LEFT_ALONE,
      'runs without a confining seccomp profile',
    ),
  },
  {
    id: 'PP-WL-001', // Runs as root
    variables: ({ pss }) => [
      ...pssVariables(pss),
      { name: 'judgesRunAsUser', expression: pssJudges('runAsUser') },
      { name: 'judgesRunAsNonRoot', expression: pssJudges('runAsNonRoot') },
    ],
    // A container's own setting overrides the pod's; Pod Security's checks report what they judge instead.
    expression: () =>
      `${IS_WINDOWS} || variables.containers.all(c, (${present('c', 'securityContext', 'runAsUser')} || ${present(SPEC, 'securityContext', 'runAsUser')}) ? (variables.judgesRunAsUser || ${ownOrPod('c', 'runAsUser', '0')} != 0) : (variables.judgesRunAsNonRoot || ${ownOrPod('c', 'runAsNonRoot', 'false')} == true))`,
  },
  {
    id: 'PP-WL-030', // Pod uses the default ServiceAccount
    expression: () =>
      `(has(${SPEC}.serviceAccountName) && ${SPEC}.serviceAccountName != '' ? ${SPEC}.serviceAccountName : has(${SPEC}.serviceAccount) && ${SPEC}.serviceAccount != '' ? ${SPEC}.serviceAccount : 'default') != 'default'`,
  },
];

/** Rules of this group judged from one object whose judgement CEL cannot express, with why. */
export const SECURITY_CONTEXT_NOT_IN_CEL: Readonly<Record<string, string>> = {
  'PP-WL-005':
    "needs other objects: a pod that does not set automountServiceAccountToken takes its ServiceAccount's setting, and a pod whose ServiceAccount a RoleBinding or ClusterRoleBinding grants a role is left alone",
};
