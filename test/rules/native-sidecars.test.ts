// Native sidecars (Kubernetes 1.29+): init containers with `restartPolicy: Always` run for the pod's life, so the
// rules about running containers (resources, probes) judge them as containers; other init containers stay out.
// Pod Security judges every init container already, sidecar or not.
import { livenessProbe } from '../../src/rules/operations/liveness-probe.js';
import { readinessProbe } from '../../src/rules/operations/readiness-probe.js';
import { POD_SECURITY_RULES } from '../../src/rules/pod-security/rules.js';
import type { Rule } from '../../src/rules/types.js';
import { cpuLimit } from '../../src/rules/workloads/cpu-limit.js';
import { cpuRequest } from '../../src/rules/workloads/cpu-request.js';
import { memoryLimit } from '../../src/rules/workloads/memory-limit.js';
import { ruleTester } from '../helpers/rule-tester.js';

/** Deployment `shop/web`: container `app` with `app`, then the init containers. */
const deployment = (app: string, ...initContainers: string[]) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  template:
    spec:
      initContainers:
${initContainers.map((c) => `        - ${c}\n`).join('')}      containers:
        - ${app}
`;

const PROBES =
  'readinessProbe: {httpGet: {path: /ready, port: 8080}}, livenessProbe: {httpGet: {path: /live, port: 8080}}';
const RESOURCES = 'resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 64Mi}}';
const APP = `{name: app, image: app:1, ${RESOURCES}, ${PROBES}}`;
/** An init container that runs to completion before the app: no resources, no probes, and none needed. */
const SETUP = '{name: setup, image: setup:1}';

const sidecarCases = (
  complete: string,
  message: string | RegExp,
  path: string,
): Parameters<typeof ruleTester>[1] => ({
  valid: [
    { name: 'an ordinary init container needs none', yaml: deployment(APP, SETUP) },
    {
      name: 'a native sidecar that has it',
      yaml: deployment(APP, `{name: proxy, image: proxy:1, restartPolicy: Always, ${complete}}`),
    },
    {
      name: 'restartPolicy other than Always is an ordinary init container',
      yaml: deployment(APP, '{name: proxy, image: proxy:1, restartPolicy: OnFailure}'),
    },
  ],
  invalid: [
    {
      name: 'after an ordinary init container, the second, a native sidecar, lacks it',
      yaml: deployment(APP, SETUP, '{name: proxy, image: proxy:1, restartPolicy: Always}'),
      errors: [{ message, path }],
    },
  ],
});

const SIDECAR = 'sidecar container `proxy` in Deployment `shop/web`';
const SIDECAR_PATH = 'spec.template.spec.initContainers[1]';

ruleTester(
  memoryLimit,
  sidecarCases(
    RESOURCES,
    `${SIDECAR} sets no memory limit; set \`resources.limits.memory\``,
    `${SIDECAR_PATH}.resources.limits.memory`,
  ),
);
ruleTester(
  cpuRequest,
  sidecarCases(
    RESOURCES,
    `${SIDECAR} sets no CPU request; set \`resources.requests.cpu\``,
    `${SIDECAR_PATH}.resources.requests.cpu`,
  ),
);
ruleTester(
  readinessProbe,
  sidecarCases(PROBES, new RegExp(`^${SIDECAR} has no readiness probe`), `${SIDECAR_PATH}.readinessProbe`),
);
ruleTester(
  livenessProbe,
  sidecarCases(PROBES, new RegExp(`^${SIDECAR} has no liveness probe`), `${SIDECAR_PATH}.livenessProbe`),
);

ruleTester(cpuLimit, {
  valid: [
    {
      name: 'an ordinary init container with a CPU limit is not judged',
      yaml: deployment(APP, `{name: setup, image: setup:1, resources: {limits: {cpu: 500m}}}`),
    },
  ],
  invalid: [
    {
      name: 'a native sidecar, the second init container, with a CPU limit',
      yaml: deployment(
        APP,
        SETUP,
        '{name: proxy, image: proxy:1, restartPolicy: Always, resources: {limits: {cpu: 500m}}}',
      ),
      errors: [
        {
          message: new RegExp(`^${SIDECAR} sets a CPU limit \\(500m\\)`),
          path: `${SIDECAR_PATH}.resources.limits.cpu`,
        },
      ],
    },
  ],
});

// Pod Security Admission judges every init container, sidecar or not: unchanged.
ruleTester(POD_SECURITY_RULES.find((r) => r.meta.id === 'PP-PSS-001') as Rule, {
  valid: [{ name: 'no privileged container', yaml: deployment(APP, SETUP) }],
  invalid: [
    {
      name: 'a privileged ordinary init container',
      yaml: deployment(APP, '{name: setup, image: setup:1, securityContext: {privileged: true}}'),
      errors: [{ message: /^privileged: container "setup" must not set securityContext.privileged=true/ }],
    },
    {
      name: 'a privileged native sidecar, the second init container',
      yaml: deployment(
        APP,
        SETUP,
        '{name: proxy, image: proxy:1, restartPolicy: Always, securityContext: {privileged: true}}',
      ),
      errors: [
        {
          message: /^privileged: container "proxy" must not set securityContext.privileged=true/,
          path: `${SIDECAR_PATH}.securityContext.privileged`,
        },
      ],
    },
  ],
});
