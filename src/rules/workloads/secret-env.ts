import { POD_CONTROLLER_KINDS } from '../../inventory/pod-specs.js';
import { CIS, NSA, OWASP } from '../../references/controls.js';
import { appContainer, webPod } from '../examples.js';
import { asArray, asRecord, describeContainer } from '../helpers.js';
import { containerPath, type PodRule } from '../types.js';

/** Environment variables leak: to child processes, crash reports, debug endpoints and `/proc/<pid>/environ`. */
export const secretEnv: PodRule = {
  meta: {
    id: 'PP-WL-033',
    title: 'Secret passed as an environment variable',
    chapter: 'workloads',
    severity: 'low',
    recommendation: 'Mount Secrets as files rather than passing them as environment variables.',
    rationale:
      'A Secret in an environment variable is inherited by every child process, shows up in crash dumps, error pages and `env` output, and cannot change without a restart; a Secret mounted as a file stays in one place, can be read with tight file permissions, and is updated in place when the Secret changes.',
    remediation:
      'Mount the Secret as a `secret` volume (`readOnly: true`, `defaultMode: 0400`) and have the application read the file; drop the `secretKeyRef`/`secretRef`.',
    references: [CIS.secretsAsFiles, NSA.secrets, OWASP.secrets],
    appliesTo: POD_CONTROLLER_KINDS,
    examples: {
      fail: webPod({
        containers: appContainer(
          'registry.example.com/shop/web:1.4.2',
          'env:',
          '  - name: DB_PASSWORD',
          '    valueFrom:',
          '      secretKeyRef: {name: db, key: password}',
        ),
      }),
      pass: webPod({
        podFields: ['volumes:', '  - name: db', '    secret: {secretName: db, defaultMode: 0400}'],
        containers: appContainer(
          'registry.example.com/shop/web:1.4.2',
          'volumeMounts:',
          '  - {name: db, mountPath: /run/secrets/db, readOnly: true}',
        ),
      }),
    },
  },
  target: 'pod',
  *check(pod) {
    for (const container of pod.containers) {
      const who = describeContainer(pod, container);
      for (const [index, item] of asArray(container.container.env).entries()) {
        const env = asRecord(item);
        const ref = asRecord(asRecord(env?.valueFrom)?.secretKeyRef);
        if (ref === undefined) continue;
        const variable = typeof env?.name === 'string' ? ` into env var \`${env.name}\`` : '';
        yield {
          path: containerPath(pod, container, 'env', index, 'valueFrom', 'secretKeyRef'),
          message: `${who} reads key \`${text(ref.key)}\` of Secret \`${text(ref.name)}\`${variable}; mount the Secret as a file (a \`secret\` volume) instead`,
        };
      }
      for (const [index, item] of asArray(container.container.envFrom).entries()) {
        const ref = asRecord(asRecord(item)?.secretRef);
        if (ref === undefined) continue;
        yield {
          path: containerPath(pod, container, 'envFrom', index, 'secretRef'),
          message: `${who} imports every key of Secret \`${text(ref.name)}\` as env vars (\`envFrom\`); mount the Secret as a file (a \`secret\` volume) instead`,
        };
      }
    }
  },
};

function text(value: unknown): string {
  return typeof value === 'string' && value !== '' ? value : '?';
}
