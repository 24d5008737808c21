import { CIS_NODE, OWASP } from '../../../references/controls.js';
import type { ObjectRule } from '../../types.js';
import { COMPONENT_LABEL, factExample, settingOf, settingPath } from './settings.js';

/** The setting naming the lowest TLS version each component accepts. */
const SETTING: Readonly<Record<string, string>> = {
  KubeAPIServer: 'tls-min-version',
  KubeControllerManager: 'tls-min-version',
  KubeScheduler: 'tls-min-version',
  Kubelet: 'tlsMinVersion',
  Etcd: 'tls-min-version',
};

/** Kubernetes writes `VersionTLS11`, etcd `TLS1.1`. */
const OUTDATED = /^(VersionTLS1[01]|TLS1\.[01])$/;

export const tlsMinVersion: ObjectRule = {
  meta: {
    id: 'PP-NODE-011',
    title: 'Component accepts TLS older than 1.2',
    chapter: 'platform',
    severity: 'medium',
    recommendation: 'Leave the minimum TLS version at its default (1.2) or raise it to 1.3; never lower it.',
    rationale:
      'TLS 1.0 and 1.1 have known weaknesses and are disabled by current clients; a component that still accepts them lets a man in the middle downgrade the connection. When the setting is absent the Go runtime Kubernetes and etcd are built with accepts 1.2 and later, so only an explicit lower value is reported.',
    remediation:
      'Remove the setting or set `VersionTLS12`/`VersionTLS13` (`--tls-min-version` on control-plane components, `tlsMinVersion` in the kubelet configuration, `--tls-min-version=TLS1.2` on etcd).',
    references: [CIS_NODE.strongCiphers, OWASP.tls],
    appliesTo: Object.keys(SETTING),
    facts: ['node', 'cluster'],
    examples: {
      fail: factExample(
        'KubeAPIServer',
        'apiserver',
        `
settings: {tls-min-version: VersionTLS10}
`,
      ),
      pass: factExample(
        'KubeAPIServer',
        'apiserver',
        `
settings: {tls-min-version: VersionTLS12}
`,
      ),
    },
  },
  target: 'object',
  *check(resource) {
    const name = SETTING[resource.kind] as string;
    const value = settingOf(resource, name);
    if (value !== undefined && OUTDATED.test(value))
      yield {
        path: settingPath(name),
        message: `${COMPONENT_LABEL[resource.kind]} accepts ${value}, older than TLS 1.2`,
      };
  },
};
