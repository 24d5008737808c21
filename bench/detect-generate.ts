// A realistic audit log for the detection benchmark, written as a stream (never held): the control plane's and
// nodes' chatter (leases, node status, endpoint slices, watches), controllers creating pods with their specs,
// people using kubectl, the RequestReceived stage of some requests, refusals, and a few attacks.
import { createWriteStream } from 'node:fs';

/** Deterministic: the same seed writes the same log. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NODES = Array.from({ length: 20 }, (_, i) => `edge-${i}`);
const NAMESPACES = ['shop', 'payments', 'monitoring', 'ingress', 'kube-system', 'logging'];
const USERS = ['alice@example.com', 'bob@example.com', 'ci-bot', 'carol@example.com'];
const KCM = 'kube-controller-manager/v1.31.2 (linux/amd64) kubernetes/5864a46';
const KUBELET = 'kubelet/v1.31.2 (linux/amd64) kubernetes/5864a46';
const KUBECTL = 'kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46';

export async function generateAuditLog(file: string, events: number, seed = 7): Promise<number> {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const out = createWriteStream(file, { highWaterMark: 1024 * 1024 });
  let bytes = 0;
  let clock = Date.parse('2026-12-02T08:00:00Z');
  let id = 0;
  const uuid = () => {
    id++;
    const hex = id.toString(16).padStart(12, '0');
    return `5f0c${hex.slice(0, 4)}-1b2a-4c3d-8e9f-${hex}`;
  };
  const event = (spec: {
    verb: string;
    resource?: string;
    sub?: string;
    ns?: string;
    name?: string;
    group?: string;
    user: string;
    groups: string[];
    ua: string;
    code?: number;
    stage?: string;
    req?: unknown;
    ip?: string;
  }) => {
    clock += 1;
    const time = new Date(clock).toISOString().replace('Z', '123Z');
    const base = spec.group ? `/apis/${spec.group}/v1` : '/api/v1';
    const uri = `${base}${spec.ns ? `/namespaces/${spec.ns}` : ''}/${spec.resource ?? ''}${spec.name ? `/${spec.name}` : ''}${spec.sub ? `/${spec.sub}` : ''}`;
    return JSON.stringify({
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: spec.req ? 'Request' : 'Metadata',
      auditID: uuid(),
      stage: spec.stage ?? 'ResponseComplete',
      requestURI: uri,
      verb: spec.verb,
      user: { username: spec.user, groups: spec.groups },
      sourceIPs: [spec.ip ?? '10.0.0.10'],
      userAgent: spec.ua,
      objectRef: {
        resource: spec.resource,
        ...(spec.ns ? { namespace: spec.ns } : {}),
        ...(spec.name ? { name: spec.name } : {}),
        ...(spec.group ? { apiGroup: spec.group } : {}),
        apiVersion: 'v1',
        ...(spec.sub ? { subresource: spec.sub } : {}),
      },
      responseStatus: { metadata: {}, code: spec.code ?? 200 },
      ...(spec.req ? { requestObject: spec.req } : {}),
      requestReceivedTimestamp: time,
      stageTimestamp: time,
      annotations: {
        'authorization.k8s.io/decision': spec.code === 403 ? 'forbid' : 'allow',
        'authorization.k8s.io/reason': '',
      },
    });
  };
  const sa = (name: string) => ({
    user: `system:serviceaccount:kube-system:${name}`,
    groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'],
    ua: `${KCM}/system:serviceaccount:kube-system:${name}`,
  });
  const node = () => {
    const n = pick(NODES);
    return { user: `system:node:${n}`, groups: ['system:nodes', 'system:authenticated'], ua: KUBELET, n };
  };
  const person = () => ({
    user: pick(USERS),
    groups: ['developers', 'system:authenticated'],
    ua: KUBECTL,
    ip: '192.168.7.23',
  });
  const podSpec = (privileged: boolean) => ({
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {
      generateName: 'web-7d9c8-',
      namespace: 'shop',
      labels: { app: 'web', 'pod-template-hash': '7d9c8' },
    },
    spec: {
      containers: [
        {
          name: 'web',
          image: 'registry.example.com/shop/web:1.4.2',
          ports: [{ containerPort: 8080, protocol: 'TCP' }],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
          securityContext: privileged
            ? { privileged: true }
            : { runAsNonRoot: true, allowPrivilegeEscalation: false },
        },
      ],
      serviceAccountName: 'web',
      volumes: [
        { name: 'kube-api-access', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } },
      ],
    },
  });

  const write = (line: string) => {
    bytes += line.length + 1;
    return out.write(`${line}\n`);
  };
  for (let i = 0; i < events; i++) {
    const r = random() * 1000;
    let line: string;
    if (r < 300) {
      const who = random() < 0.7 ? node() : sa('kube-controller-manager');
      line = event({
        verb: 'update',
        resource: 'leases',
        group: 'coordination.k8s.io',
        ns: 'kube-node-lease',
        name: pick(NODES),
        ...who,
      });
    } else if (r < 450) {
      const n = node();
      line = event({ verb: 'patch', resource: 'nodes', sub: 'status', name: n.n, ...n });
    } else if (r < 600) {
      line = event({
        verb: pick(['get', 'list', 'watch']),
        resource: pick(['configmaps', 'secrets', 'services']),
        ns: pick(NAMESPACES),
        name: 'x',
        ...sa(pick(['endpointslice-controller', 'namespace-controller', 'generic-garbage-collector'])),
      });
    } else if (r < 700) {
      line = event({ verb: pick(['get', 'list']), resource: 'pods', ns: pick(NAMESPACES), ...person() });
    } else if (r < 800) {
      line = event({
        verb: 'update',
        resource: 'endpointslices',
        group: 'discovery.k8s.io',
        ns: pick(NAMESPACES),
        name: 'web-abcde',
        ...sa('endpointslice-controller'),
      });
    } else if (r < 850) {
      line = event({
        verb: 'create',
        resource: 'pods',
        ns: 'shop',
        code: 201,
        req: podSpec(false),
        ...sa('replicaset-controller'),
      });
    } else if (r < 900) {
      const n = node();
      line = event({ verb: 'create', resource: 'events', ns: pick(NAMESPACES), code: 201, ...n });
    } else if (r < 950) {
      line = event({
        verb: 'get',
        resource: 'pods',
        ns: pick(NAMESPACES),
        name: 'web-1',
        stage: 'RequestReceived',
        ...person(),
      });
    } else if (r < 990) {
      line = event({
        verb: 'get',
        resource: 'deployments',
        group: 'apps',
        ns: pick(NAMESPACES),
        name: 'web',
        user: 'system:serviceaccount:argocd:argocd-application-controller',
        groups: ['system:serviceaccounts', 'system:authenticated'],
        ua: 'argocd-application-controller/v2.13.1',
      });
    } else if (r < 999) {
      line = event({
        verb: 'get',
        resource: 'secrets',
        ns: 'kube-system',
        name: 'bootstrap-token',
        code: 403,
        ...person(),
      });
    } else {
      const attack = Math.floor(random() * 4);
      line =
        attack === 0
          ? event({
              verb: 'create',
              resource: 'pods',
              sub: 'exec',
              ns: 'shop',
              name: 'web-1',
              stage: 'ResponseStarted',
              code: 101,
              ...person(),
            })
          : attack === 1
            ? event({
                verb: 'create',
                resource: 'pods',
                ns: 'shop',
                code: 201,
                req: podSpec(true),
                ...sa('replicaset-controller'),
              })
            : attack === 2
              ? event({ verb: 'list', resource: 'secrets', ...person() })
              : event({
                  verb: 'list',
                  resource: 'secrets',
                  ns: 'shop',
                  user: 'system:serviceaccount:shop:web',
                  groups: ['system:serviceaccounts'],
                  ua: 'curl/8.5.0',
                  ip: '10.42.3.17',
                });
    }
    if (!write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => {
    out.once('error', reject);
    out.end(() => resolve());
  });
  return bytes;
}
