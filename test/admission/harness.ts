/** A real webhook on 127.0.0.1 (random port, self-signed certificate) and a keep-alive HTTPS client for it. */
import { readFile } from 'node:fs/promises';
import https from 'node:https';
import { selfSignedPair } from '../../src/admission/self-signed.js';
import { startWebhook, type Webhook, type WebhookOptions } from '../../src/admission/server.js';
import { RULES } from '../../src/rules/registry.js';

export interface Harness {
  webhook: Webhook;
  logs: Record<string, unknown>[];
  ca: Buffer;
  certFile: string;
  keyFile: string;
  request(
    path: string,
    options?: { method?: string; body?: string | Buffer; type?: string; slow?: boolean },
  ): Promise<{ status: number; body: string }>;
  review(request: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startHarness(overrides: Partial<WebhookOptions> = {}): Promise<Harness> {
  const pair = overrides.certFile
    ? { certFile: overrides.certFile, keyFile: overrides.keyFile as string }
    : await selfSignedPair();
  const logs: Record<string, unknown>[] = [];
  const webhook = await startWebhook({
    listen: { host: '127.0.0.1', port: 0 },
    catalog: RULES,
    mode: 'audit',
    timeoutMs: 2000,
    onError: 'allow',
    maxBodyBytes: 4 * 1024 * 1024,
    watchIntervalMs: 50,
    drainMs: 2000,
    log: (entry) => logs.push(entry),
    ...pair,
    ...overrides,
  });
  const ca = await readFile(pair.certFile);
  const agent = new https.Agent({ keepAlive: true, ca });
  const request: Harness['request'] = (path, options = {}) =>
    new Promise((resolve, reject) => {
      const req = https.request(
        {
          host: '127.0.0.1',
          port: webhook.address.port,
          path,
          method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
          agent,
          headers: { 'content-type': options.type ?? 'application/json' },
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            body += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      if (options.slow) {
        // sends the start of the body and then nothing: a client that stalls
        req.write(String(options.body).slice(0, 100));
        return;
      }
      req.end(options.body);
    });
  return {
    webhook,
    logs,
    ca,
    ...pair,
    request,
    async review(body) {
      const res = await request('/validate', { body: JSON.stringify(review(body)) });
      if (res.status !== 200) throw new Error(`status ${res.status}: ${res.body}`);
      return (JSON.parse(res.body) as { response: Record<string, unknown> }).response;
    },
    async close() {
      agent.destroy();
      await webhook.close();
    },
  };
}

let counter = 0;

/** An AdmissionReview around `request`, with a fresh uid and CREATE by a user unless given. */
export function review(request: Record<string, unknown>): Record<string, unknown> {
  const object = request.object as { kind?: string } | undefined;
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: `uid-${++counter}`,
      kind: { group: '', version: 'v1', kind: object?.kind ?? 'Pod' },
      operation: 'CREATE',
      namespace: 'shop',
      userInfo: { username: 'alice', groups: ['system:authenticated'] },
      ...request,
    },
  };
}

const HARDENED_CONTAINER = {
  name: 'app',
  image: `registry.example/app:1.2@sha256:${'a'.repeat(64)}`,
  imagePullPolicy: 'Always',
  securityContext: {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: 10001,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
    appArmorProfile: { type: 'RuntimeDefault' },
  },
  resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '64Mi' } },
  readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
  livenessProbe: { httpGet: { path: '/live', port: 8080 } },
};

/** A pod spec that passes every admission rule; `container` merges into its one container. */
export function podSpec(container: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    automountServiceAccountToken: false,
    serviceAccountName: 'app',
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ ...HARDENED_CONTAINER, ...container }],
  };
}

export const pod = (name: string, container: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: podSpec(container),
});

export const PRIVILEGED = { securityContext: { ...HARDENED_CONTAINER.securityContext, privileged: true } };

/** Waits until `check` holds, polling (a reload is observed, never assumed after a fixed sleep). */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
