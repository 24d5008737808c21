/**
 * CEL forms of the rules on objects other than pods (see form.ts; test/export/rule-cel.test.ts holds each to its
 * rule). Each matches the kinds its rule applies to and reads `object` itself.
 */
import { BUILT_IN_CLUSTER_ROLE_NAMES } from '../../../rbac/bootstrap/objects.js';
import { BOOTSTRAPPING_LABEL } from '../../../rbac/objects.js';
import { EXPOSED_SERVICE_TYPES } from '../../../rules/network/exposed-service.js';
import {
  IMPERSONATED,
  onIdentities,
  onRoles,
  RBAC,
  RESOURCE_GRANTS,
  type ResourceGrant,
  ROLE_RESOURCES,
  VERB_GRANTS,
  type VerbGrant,
} from '../../../rules/operations/risky-permissions.js';
import { LEGACY_TOKEN_TYPE } from '../../../rules/workloads/legacy-token-secret.js';
import {
  APP_PROTOCOL_PREFIX,
  OTHER_PROTOCOL_NAMES,
  PROTOCOLS,
  SSL_REDIRECT,
} from '../../../rules/workloads/plain-http.js';
import type { PolicyVariable } from '../pod-variables.js';
import { celString, celStrings, type RuleCelForm } from './form.js';

/** `x.field`, or an empty list where it is absent. */
function listOf(x: string, field: string): string {
  return `(has(${x}.${field}) ? ${x}.${field} : [])`;
}

/** A regular expression as a CEL (RE2) pattern literal; the rules' patterns use no flags. */
function pattern(re: RegExp): string {
  if (re.flags !== '') throw new Error(`${re} has flags CEL cannot carry`);
  return celString(re.source);
}

const EXPOSED = `(has(object.spec) && has(object.spec.type) && object.spec.type in ${celStrings(EXPOSED_SERVICE_TYPES)})`;

// --- PP-WL-040: which Ingress hosts a `spec.tls` entry covers ---

/** The tls host `t` covers the rule host `h`: the same name, or `*.suffix` over exactly one more label. */
function covers(t: string, h: string): string {
  const [a, b] = [`${t}.lowerAscii()`, `${h}.lowerAscii()`];
  return `(${a} == ${b} || (${a}.startsWith('*.') && ${b}.endsWith(${a}.substring(1)) && size(${b}) > size(${a}) - 1 && !${b}.substring(0, size(${b}) - size(${a}) + 1).contains('.')))`;
}

const INGRESS_TLS_VARIABLES: readonly PolicyVariable[] = [
  { name: 'tls', expression: `has(object.spec) ? ${listOf('object.spec', 'tls')} : []` },
  { name: 'ingressRules', expression: `has(object.spec) ? ${listOf('object.spec', 'rules')} : []` },
];

const INGRESS_TLS =
  `!has(object.spec) || (` +
  // an entry without hosts is the controller's default certificate, for every host
  `(variables.tls.exists(e, !has(e.hosts) || size(e.hosts) == 0) || variables.ingressRules.all(r, has(r.host) && r.host != '' && variables.tls.exists(e, has(e.hosts) && e.hosts.exists(t, ${covers('t', 'r.host')})))) && ` +
  `!(size(variables.ingressRules) == 0 && has(object.spec.defaultBackend) && size(variables.tls) == 0))`;

// --- PP-WL-041: each exposed Service port as `LABEL#tls`, `LABEL#plain` or '' (not a cleartext protocol) ---

/** The port's name and appProtocol, lowercased, without the appProtocol prefix, as classifyPort reads them. */
function portLabels(p: string): string {
  const prefix = celString(APP_PROTOCOL_PREFIX);
  return `[has(${p}.name) ? ${p}.name : '', has(${p}.appProtocol) ? ${p}.appProtocol : ''].filter(l, l != '').map(l, l.lowerAscii()).map(l, l.startsWith(${prefix}) ? l.substring(${APP_PROTOCOL_PREFIX.length}) : l)`;
}

function portClass(p: string): string {
  const cls = (label: string, tls: boolean) => celString(`${label}#${tls ? 'tls' : 'plain'}`);
  const byName = [
    ...PROTOCOLS.map((pr) => ({ re: pr.tlsNames, value: cls(pr.label, true) })),
    ...PROTOCOLS.map((pr) => ({ re: pr.plainNames, value: cls(pr.label, false) })),
    { re: OTHER_PROTOCOL_NAMES, value: "''" },
  ];
  const byNumber = PROTOCOLS.flatMap((pr) => [
    ...(pr.tlsPorts.length > 0 ? [{ ports: pr.tlsPorts, value: cls(pr.label, true) }] : []),
    ...(pr.plainPorts.length > 0 ? [{ ports: pr.plainPorts, value: cls(pr.label, false) }] : []),
  ]);
  const numbers = byNumber.reduceRight(
    (otherwise, n) => `${p}.port in [${n.ports.join(', ')}] ? ${n.value} : ${otherwise}`,
    "''",
  );
  const names = byName.reduceRight(
    (otherwise, n) => `ls.exists(l, l.matches(${pattern(n.re)})) ? ${n.value} : ${otherwise}`,
    `!has(${p}.port) ? '' : ${numbers}`,
  );
  // only TCP ports carry these protocols; `[x].map(ls, ...)[0]` names the labels once
  return `has(${p}.protocol) && ${p}.protocol.upperAscii() != 'TCP' ? '' : [${portLabels(p)}].map(ls, ${names})[0]`;
}

const PLAIN_HTTP_VARIABLES: readonly PolicyVariable[] = [
  {
    name: 'portClasses',
    expression: `object.kind == 'Service' && ${EXPOSED} ? ${listOf('object.spec', 'ports')}.map(p, ${portClass('p')}) : []`,
  },
  {
    // cleartext ports with no port of the protocol's TLS form beside them
    name: 'unpaired',
    expression: `variables.portClasses.filter(c, c.endsWith('#plain') && !(c.replace('#plain', '#tls') in variables.portClasses))`,
  },
];

const SSL_REDIRECT_OFF = `(has(object.metadata.annotations) && ${celString(SSL_REDIRECT)} in object.metadata.annotations && object.metadata.annotations[${celString(SSL_REDIRECT)}].trim().lowerAscii() == 'false')`;

// --- PP-OPS-020 and PP-OPS-023: roles other than Kubernetes' own ---

const ROLE_VARIABLES: readonly PolicyVariable[] = [
  {
    name: 'judged',
    expression: `object.apiVersion.startsWith('rbac.authorization.k8s.io/') && !((has(object.metadata.labels) && ${celString(BOOTSTRAPPING_LABEL.key)} in object.metadata.labels && object.metadata.labels[${celString(BOOTSTRAPPING_LABEL.key)}] == ${celString(BOOTSTRAPPING_LABEL.value)}) || (object.kind == 'ClusterRole' && has(object.metadata.name) && object.metadata.name in ${celStrings([...BUILT_IN_CLUSTER_ROLE_NAMES])}))`,
  },
  { name: 'rules', expression: listOf('object', 'rules') },
];

const [VERBS, RESOURCES, GROUPS, NAMES] = ['verbs', 'resources', 'apiGroups', 'resourceNames'].map((f) =>
  listOf('r', f),
);

/** The rule `r` lists a group that is `group` (or `*`). */
function groupMatches(group: string): string {
  return `(${celString(group)} in ${GROUPS} || '*' in ${GROUPS})`;
}

/** A resource entry of `r` matching one of the names (or `*`). */
function entryMatches(names: readonly string[]): string {
  return `${RESOURCES}.exists(e, e == '*' || e in ${celStrings(names)})`;
}

/** resourceGrants: a wildcard-free rule of `r` granting the grant's verbs on its resource. */
function resourceGrant(grant: ResourceGrant): string {
  const named = grant.sub === undefined ? grant.resource : `${grant.resource}/${grant.sub}`;
  const entry = `${RESOURCES}.exists(e, e == '*' || e == ${celString(named)}${grant.sub === undefined ? '' : ` || e == ${celString(`*/${grant.sub}`)}`})`;
  // create names no object: a rule limited by resourceNames never allows it
  const narrowCreate = grant.sub === undefined && grant.verbs.includes('create');
  const verbs = grant.verbs.filter((v) => !(narrowCreate && v === 'create'));
  const verbTests = [
    ...(verbs.length > 0 ? [`${VERBS}.exists(v, v in ${celStrings(verbs)})`] : []),
    ...(narrowCreate ? [`('create' in ${VERBS} && size(${NAMES}) == 0)`] : []),
  ];
  return [
    ...(grant.clusterRoleOnly ? ["object.kind == 'ClusterRole'"] : []),
    ...(grant.namedIsNarrow ? [`size(${NAMES}) == 0`] : []),
    `(${verbTests.join(' || ')})`,
    entry,
  ].join(' && ');
}

/** What each of the rule's verb grants acts on, in CEL over `r`. */
const VERB_TARGETS = new Map<VerbGrant['on'], string>([
  [onRoles, `(${groupMatches(RBAC)} && ${entryMatches(ROLE_RESOURCES)})`],
  [
    onIdentities,
    `((${groupMatches('')} && ${entryMatches(IMPERSONATED.core)}) || (${groupMatches(IMPERSONATED.group)} && ${RESOURCES}.exists(e, e == '*' || e in ${celStrings(IMPERSONATED.resources)} || e.startsWith(${celString(IMPERSONATED.prefix)}))))`,
  ],
]);

function verbGrant(grant: VerbGrant): string {
  const on = VERB_TARGETS.get(grant.on);
  if (on === undefined) throw new Error(`PP-OPS-023: no CEL for what ${grant.verb} is granted on`);
  return `(${celString(grant.verb)} in ${VERBS} && ${on})`;
}

/** The rule `r` grants something PP-OPS-023 reports. */
function riskyGrant(): string {
  const resources = `(!('*' in ${VERBS}) && !('*' in ${RESOURCES}) && ${groupMatches('')} && (${RESOURCE_GRANTS.map((g) => `(${resourceGrant(g)})`).join(' || ')}))`;
  return [resources, ...VERB_GRANTS.map(verbGrant)].join(' || ');
}

export const OBJECT_FORMS: readonly RuleCelForm[] = [
  {
    id: 'PP-NET-004', // Service exposed outside the cluster
    expression: () => `!${EXPOSED}`,
    messageExpression: `'Service of type ' + object.spec.type + ' exposes its ports outside the cluster'`,
  },
  {
    id: 'PP-WL-040', // Ingress host without TLS
    variables: () => INGRESS_TLS_VARIABLES,
    expression: () => INGRESS_TLS,
  },
  {
    id: 'PP-WL-041', // Plain HTTP exposed outside the cluster
    variables: () => PLAIN_HTTP_VARIABLES,
    expression: () => `object.kind == 'Ingress' ? !${SSL_REDIRECT_OFF} : size(variables.unpaired) == 0`,
    messageExpression: `object.kind == 'Ingress' ? ${celString(`${SSL_REDIRECT}: "false" keeps serving plain HTTP`)} : 'a port is exposed as plain ' + variables.unpaired[0].replace('#plain', '') + ' outside the cluster with no TLS port beside it'`,
  },
  {
    id: 'PP-WL-031', // Legacy ServiceAccount token Secret
    expression: () => `!(has(object.type) && object.type == ${celString(LEGACY_TOKEN_TYPE)})`,
  },
  {
    id: 'PP-OPS-020', // Wildcard in Role or ClusterRole
    variables: () => ROLE_VARIABLES,
    expression: () =>
      `!variables.judged || variables.rules.all(r, !('*' in ${listOf('r', 'nonResourceURLs')}) && !(size(${RESOURCES}) > 0 && ('*' in ${VERBS} || '*' in ${RESOURCES})))`,
  },
  {
    id: 'PP-OPS-023', // Role grants risky permissions
    variables: () => ROLE_VARIABLES,
    expression: () => `!variables.judged || variables.rules.all(r, !(${riskyGrant()}))`,
  },
  {
    id: 'PP-PLAT-010', // APIService that skips TLS verification
    expression: () =>
      `!(object.apiVersion.startsWith('apiregistration.k8s.io/') && has(object.spec) && has(object.spec.insecureSkipTLSVerify) && object.spec.insecureSkipTLSVerify == true && has(object.spec.service))`,
  },
];

/** Rules of this group judged from one object whose judgement CEL cannot express, with why. */
export const OBJECT_NOT_IN_CEL: Readonly<Record<string, string>> = {
  'PP-WL-042':
    'reads the certificate in a TLS Secret (expiry, issuer, key size, signature algorithm), which takes decoding its DER: CEL in the API server has no X.509 functions',
  'PP-PLAT-022':
    "judges a Node's operating system against parapet's release data and today's date: CEL in the API server has no clock, and the kubelet reports the OS in the Node's status",
};
