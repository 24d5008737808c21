/**
 * Who a request comes from, as the authenticator hands it to RBAC: a user name and groups. A ServiceAccount is the
 * user `system:serviceaccount:<ns>:<name>` in the groups `system:serviceaccounts`, `system:serviceaccounts:<ns>`
 * and `system:authenticated`; `system:anonymous` is in `system:unauthenticated`.
 */
export type SubjectKind = 'User' | 'Group' | 'ServiceAccount';

export interface Subject {
  kind: SubjectKind;
  name: string;
  /** ServiceAccounts only. */
  namespace?: string;
}

export interface Identity {
  /** Undefined when asking about a group as such. */
  user?: string;
  groups: string[];
}

export const SA_USER_PREFIX = 'system:serviceaccount:';
/** Members get every permission, whatever RBAC says (the API server's privileged group). */
export const MASTERS = 'system:masters';
export const AUTHENTICATED = 'system:authenticated';
export const UNAUTHENTICATED = 'system:unauthenticated';
export const ANONYMOUS = 'system:anonymous';

export function serviceAccountUser(namespace: string, name: string): string {
  return `${SA_USER_PREFIX}${namespace}:${name}`;
}

/** A user name of the form `system:serviceaccount:ns:name` is that ServiceAccount. */
export function normalize(subject: Subject): Subject {
  if (subject.kind !== 'User' || !subject.name.startsWith(SA_USER_PREFIX)) return subject;
  const [namespace, name, ...rest] = subject.name.slice(SA_USER_PREFIX.length).split(':');
  if (!namespace || !name || rest.length > 0) return subject;
  return { kind: 'ServiceAccount', name, namespace };
}

export function identityOf(subject: Subject): Identity {
  const s = normalize(subject);
  if (s.kind === 'Group') return { groups: [s.name] };
  if (s.kind === 'ServiceAccount') {
    const namespace = s.namespace ?? '';
    return {
      user: serviceAccountUser(namespace, s.name),
      groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, AUTHENTICATED],
    };
  }
  return { user: s.name, groups: [s.name === ANONYMOUS ? UNAUTHENTICATED : AUTHENTICATED] };
}

/** `sa:ns/name`, `user:alice`, `group:ops`: the command line's form, also how output names subjects. */
export function formatSubject(subject: Subject): string {
  const s = normalize(subject);
  if (s.kind === 'ServiceAccount') return `sa:${s.namespace}/${s.name}`;
  return `${s.kind === 'User' ? 'user' : 'group'}:${s.name}`;
}

/** Parses `user:alice`, `group:ops`, `sa:ns/name` or `system:serviceaccount:ns:name`; undefined if malformed. */
export function parseSubject(text: string): Subject | undefined {
  if (text.startsWith(SA_USER_PREFIX)) {
    const s = normalize({ kind: 'User', name: text });
    return s.kind === 'ServiceAccount' ? s : undefined;
  }
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  const prefix = text.slice(0, colon);
  const rest = text.slice(colon + 1);
  if (rest === '') return undefined;
  if (prefix === 'user') return normalize({ kind: 'User', name: rest });
  if (prefix === 'group') return { kind: 'Group', name: rest };
  if (prefix === 'sa' || prefix === 'serviceaccount') {
    const [namespace, name, ...more] = rest.split('/');
    if (!namespace || !name || more.length > 0) return undefined;
    return { kind: 'ServiceAccount', name, namespace };
  }
  return undefined;
}

export function subjectKey(subject: Subject): string {
  return formatSubject(subject);
}

/**
 * The cluster's own identities (system:kube-scheduler, system:nodes, system:masters...): `system:` users and
 * groups, except the groups that stand for everyone (system:authenticated, system:unauthenticated,
 * system:serviceaccounts[:ns]) and the anonymous user. Their grants are by design.
 */
export function isClusterComponent(subject: Subject): boolean {
  const s = normalize(subject);
  if (s.kind === 'ServiceAccount' || !s.name.startsWith('system:')) return false;
  return (
    s.name !== AUTHENTICATED &&
    s.name !== UNAUTHENTICATED &&
    s.name !== ANONYMOUS &&
    s.name !== 'system:serviceaccounts' &&
    !s.name.startsWith('system:serviceaccounts:')
  );
}
