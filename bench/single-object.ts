/**
 * The admission webhook's path: one AdmissionReview body (admission.k8s.io/v1, CREATE of a Deployment as the API
 * server sends it: defaulted, with managedFields) decoded, and its object judged by the whole catalog. Each
 * iteration starts from the bytes, as each request does: JSON.parse, a fresh Resource and an Inventory holding
 * that object alone (an admission request carries nothing else), nothing kept from the iteration before.
 * Measured in-process (no start-up), as the webhook will run it.
 *
 *   node dist/bench/single-object.js      # this measurement alone
 */
import { pathToFileURL } from 'node:url';
import { evaluate } from '../src/engine/evaluate.js';
import { activeRules, DEFAULT_POLICY } from '../src/engine/policy.js';
import { Inventory } from '../src/inventory/inventory.js';
import { toResource } from '../src/inventory/resource.js';
import { DEFAULT_PSS, pssResolver } from '../src/rules/pod-security/settings.js';
import { RULES } from '../src/rules/registry.js';

const LABELS = {
  'app.kubernetes.io/name': 'web',
  'app.kubernetes.io/instance': 'shop',
  'app.kubernetes.io/version': '1.4.2',
};

const container = (name: string, image: string, port: number) => ({
  name,
  image,
  imagePullPolicy: 'IfNotPresent',
  ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
  env: [
    { name: 'LOG_LEVEL', value: 'info' },
    { name: 'DB_HOST', value: 'db.shop.svc.cluster.local' },
    { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'web-db', key: 'password' } } },
    { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
  ],
  envFrom: [{ configMapRef: { name: 'web-config' } }],
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
  livenessProbe: {
    httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' },
    initialDelaySeconds: 10,
    timeoutSeconds: 1,
    periodSeconds: 10,
    successThreshold: 1,
    failureThreshold: 3,
  },
  readinessProbe: {
    httpGet: { path: '/ready', port: 'http', scheme: 'HTTP' },
    timeoutSeconds: 1,
    periodSeconds: 5,
    successThreshold: 1,
    failureThreshold: 3,
  },
  volumeMounts: [
    { name: 'config', mountPath: '/etc/web', readOnly: true },
    { name: 'tmp', mountPath: '/tmp' },
  ],
  securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
});

const DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'shop',
    labels: LABELS,
    annotations: { 'deployment.kubernetes.io/revision': '1', 'meta.helm.sh/release-name': 'shop' },
    creationTimestamp: null,
    managedFields: [
      {
        manager: 'helm',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: '2026-11-30T09:12:44Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': {
            'f:labels': { '.': {}, 'f:app.kubernetes.io/name': {}, 'f:app.kubernetes.io/instance': {} },
          },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:metadata': { 'f:labels': {} },
              'f:spec': { 'f:containers': { 'k:{"name":"web"}': {} } },
            },
          },
        },
      },
    ],
  },
  spec: {
    replicas: 2,
    selector: { matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'shop' } },
    template: {
      metadata: { creationTimestamp: null, labels: LABELS },
      spec: {
        serviceAccountName: 'web',
        containers: [
          container('web', 'registry.example.com/shop/web:1.4.2', 8080),
          container('metrics', 'registry.example.com/shop/exporter:0.9.1', 9100),
        ],
        volumes: [
          { name: 'config', configMap: { name: 'web-config', defaultMode: 420 } },
          { name: 'tmp', emptyDir: {} },
        ],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        schedulerName: 'default-scheduler',
      },
    },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
  },
  status: {},
};

/** The request body as the API server posts it. */
export const ADMISSION_REVIEW = Buffer.from(
  JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: '705ab4f5-6393-11e8-b7cc-42010a800002',
      kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      requestKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      requestResource: { group: 'apps', version: 'v1', resource: 'deployments' },
      name: 'web',
      namespace: 'shop',
      operation: 'CREATE',
      userInfo: {
        username: 'system:serviceaccount:flux-system:helm-controller',
        uid: '1c3a4f2e-8b1d-4c57-9f0e-2f7e6d5c4b3a',
        groups: ['system:serviceaccounts', 'system:serviceaccounts:flux-system', 'system:authenticated'],
      },
      object: DEPLOYMENT,
      oldObject: null,
      dryRun: false,
      options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions', fieldManager: 'helm' },
    },
  }),
);

/** Microseconds per request (decode, judge), best of a few batches; and the violations one request finds. */
export function measureSingleObject(iterations = 5000): {
  microseconds: number;
  violations: number;
  bytes: number;
} {
  const rules = activeRules(RULES, DEFAULT_POLICY);
  const once = () => {
    const review = JSON.parse(ADMISSION_REVIEW.toString('utf8')) as { request: { object: unknown } };
    const resource = toResource(review.request.object, {}, 0);
    if (resource === undefined) throw new Error('the AdmissionReview holds no Kubernetes object');
    const inventory = new Inventory([resource]);
    return evaluate(inventory, rules, { pss: pssResolver(inventory, DEFAULT_PSS) }).length;
  };
  let violations = 0;
  for (let i = 0; i < 500; i++) violations = once(); // warm up
  let bestMs = Number.POSITIVE_INFINITY;
  for (let batch = 0; batch < 3; batch++) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) once();
    bestMs = Math.min(bestMs, (performance.now() - start) / iterations);
  }
  return { microseconds: bestMs * 1000, violations, bytes: ADMISSION_REVIEW.length };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { microseconds, violations, bytes } = measureSingleObject();
  process.stdout.write(
    `one AdmissionReview (${bytes} bytes, a Deployment) decoded and judged by the whole catalog: ${microseconds.toFixed(1)} µs (${violations} findings)\n`,
  );
}
