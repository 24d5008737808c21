/** sshd on a node: the book wants no direct node access beyond a carefully managed exception. */
import { HOST_ACCESS } from '../../../references/controls.js';
import type { ObjectRule } from '../../types.js';
import { expectSetting, factExample } from './settings.js';

/** sshd_config keywords are case-insensitive; the reader keeps them lower-case. */
export const sshdPasswordAuthentication: ObjectRule = {
  meta: {
    id: 'PP-NODE-014',
    title: 'sshd accepts passwords',
    chapter: 'platform',
    severity: 'high',
    recommendation: 'Set `PasswordAuthentication no` in sshd_config: keys (or certificates) only.',
    rationale:
      'An edge node in a shop or a factory is on networks parapet cannot vouch for; a password can be guessed, sprayed or phished, a key cannot. sshd accepts passwords unless told otherwise.',
    remediation:
      'Set `PasswordAuthentication no` (and `KbdInteractiveAuthentication no`) at the top of /etc/ssh/sshd_config or in a file it includes before any other value, then reload sshd.',
    references: [HOST_ACCESS.hostHardening],
    appliesTo: ['SshdConfig'],
    facts: ['node'],
    examples: {
      fail: factExample(
        'SshdConfig',
        'sshd',
        `
settings: {passwordauthentication: 'yes'}
`,
      ),
      pass: factExample(
        'SshdConfig',
        'sshd',
        `
settings: {passwordauthentication: 'no'}
`,
      ),
    },
  },
  target: 'object',
  check: (resource) =>
    expectSetting(resource, {
      name: 'passwordauthentication',
      fallback: 'yes',
      ok: (value) => value.toLowerCase() === 'no',
      problem: 'sshd accepts password logins',
    }),
};

export const sshdRootLogin: ObjectRule = {
  meta: {
    id: 'PP-NODE-015',
    title: 'sshd lets root log in',
    chapter: 'platform',
    severity: 'medium',
    recommendation:
      'Set `PermitRootLogin no`: administrators log in as themselves and escalate with an audit trail.',
    rationale:
      'Direct root logins leave no trace of who acted and put the most powerful account one credential away from the network; with `yes` that credential may be a password. The default, `prohibit-password`, still admits root with a key.',
    remediation: 'Set `PermitRootLogin no` in /etc/ssh/sshd_config and reload sshd.',
    references: [HOST_ACCESS.hostHardening],
    appliesTo: ['SshdConfig'],
    facts: ['node'],
    examples: {
      fail: factExample(
        'SshdConfig',
        'sshd',
        `
settings: {permitrootlogin: 'yes'}
`,
      ),
      pass: factExample(
        'SshdConfig',
        'sshd',
        `
settings: {permitrootlogin: 'no'}
`,
      ),
    },
  },
  target: 'object',
  check: (resource) =>
    expectSetting(resource, {
      name: 'permitrootlogin',
      fallback: 'prohibit-password',
      ok: (value) => value.toLowerCase() === 'no',
      problem: 'sshd lets root log in directly',
      severity: /^yes$/i.test(String((resource.object.settings as Record<string, unknown>)?.permitrootlogin))
        ? 'high'
        : undefined,
    }),
};

/** Addresses that mean "every interface". */
const ANY = /^(0\.0\.0\.0|::|\[::\])(:\d+)?$/;

export const sshdListenAddress: ObjectRule = {
  meta: {
    id: 'PP-NODE-016',
    title: 'sshd listens on all addresses',
    chapter: 'platform',
    severity: 'medium',
    recommendation: "Bind sshd to the management interface only (`ListenAddress` of that network's address).",
    rationale:
      'On an edge node the shop floor, guest Wi-Fi and the uplink may all reach it; listening on every address offers ssh to all of them. Binding to a management network (or a VPN interface) keeps the exception carefully managed.',
    remediation: 'Set `ListenAddress <management address>` in /etc/ssh/sshd_config and reload sshd.',
    references: [HOST_ACCESS.hostHardening],
    appliesTo: ['SshdConfig'],
    facts: ['node'],
    examples: {
      fail: factExample(
        'SshdConfig',
        'sshd',
        `
settings: {listenaddress: 0.0.0.0}
`,
      ),
      pass: factExample(
        'SshdConfig',
        'sshd',
        `
settings: {listenaddress: 10.8.0.5}
`,
      ),
    },
  },
  target: 'object',
  check: (resource) =>
    expectSetting(resource, {
      name: 'listenaddress',
      fallback: '0.0.0.0 ::',
      ok: (value) => value.split(/\s+/).every((address) => !ANY.test(address)),
      problem: 'sshd listens on all addresses',
    }),
};
