// Deterministic generator of a synthetic manifest set, shaped like what `helm template` prints for many
// releases: multi-document YAML with `# Source:` comments, block style, matching labels and selectors,
// and workloads whose security contexts range from fully hardened to the usual mistakes.
//
//   node dist/bench/generate.js DIR [--resources N] [--files N] [--seed N]
//
// Same options → byte-identical output (seeded PRNG, no Math.random, no clock).

import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface GenerateOptions {
  /** Number of Kubernetes objects (YAML documents) in total; default 50,000. */
  resources?: number;
  /** Number of files the documents are spread over; default one file per 250 documents. */
  files?: number;
  /** PRNG seed; default DEFAULT_SEED. */
  seed?: number;
}

export interface GenerateResult {
  files: number;
  resources: number;
  bytes: number;
  /** Documents per kind, for the curious. */
  kinds: Record<string, number>;
}

export const DEFAULT_RESOURCES = 50_000;
export const DOCS_PER_FILE = 250;
export const DEFAULT_SEED = 0x5eed_2024;
/** Bump when the output changes for the same options (run.ts also hashes this file). */
export const GENERATOR_VERSION = 1;

const FILE_PATTERN = /^manifests-\d+\.yaml$/;

// ---------------------------------------------------------------------------------------------------------
// PRNG (mulberry32) and helpers

class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Pick by weight: [[item, weight], ...]. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return (items[items.length - 1] as readonly [T, number])[0];
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length) out += ((this.next() * 0x100000000) >>> 0).toString(16).padStart(8, '0');
    return out.slice(0, length);
  }

  alnum(length: number): string {
    const chars = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let out = '';
    for (let i = 0; i < length; i++) out += chars[Math.floor(this.next() * chars.length)];
    return out;
  }

  bytes(length: number): Buffer {
    const buf = Buffer.alloc(length);
    for (let i = 0; i < length; i += 4) {
      const v = (this.next() * 0x100000000) >>> 0;
      for (let j = 0; j < 4 && i + j < length; j++) buf[i + j] = (v >>> (j * 8)) & 0xff;
    }
    return buf;
  }
}

// ---------------------------------------------------------------------------------------------------------
// A small block-style YAML emitter, printing the way helm templates and kubectl do

type Scalar = string | number | boolean | null;
type Node = Scalar | Node[] | Obj;
interface Obj {
  [key: string]: Node | undefined;
}

const PLAIN = /^(?:[A-Za-z_/]|-[A-Za-z-])[A-Za-z0-9_\-/.:@=+,()* ]*$/;
/** Quantities and percentages print plain (`cpu: 100m`, `maxSurge: 25%`), as helm charts write them. */
const QUANTITY = /^\d+(?:\.\d+)?(?:m|k|Ki|Mi|Gi|Ti|M|G|%)$/;
const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null)$/i;

function scalar(value: Scalar): string {
  if (value === null) return 'null';
  if (typeof value !== 'string') return String(value);
  if (QUANTITY.test(value)) return value;
  if (
    PLAIN.test(value) &&
    !RESERVED.test(value) &&
    !value.includes(': ') &&
    !value.includes(' #') &&
    !value.endsWith(':') &&
    !value.endsWith(' ')
  ) {
    return value;
  }
  return JSON.stringify(value);
}

function isObj(node: Node | undefined): node is Obj {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

function isEmptyObj(obj: Obj): boolean {
  for (const key in obj) if (obj[key] !== undefined) return false;
  return true;
}

function inline(node: Node): string {
  if (Array.isArray(node)) return '[]';
  if (isObj(node)) return '{}';
  return scalar(node);
}

function emitMap(out: string[], obj: Obj, indent: number, indentSeq: boolean): void {
  const pad = ' '.repeat(indent);
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    if (value === undefined) continue;
    const k = scalar(key);
    if (Array.isArray(value)) {
      if (value.length === 0) {
        out.push(`${pad}${k}: []`);
      } else {
        out.push(`${pad}${k}:`);
        emitSeq(out, value, indentSeq ? indent + 2 : indent, indentSeq);
      }
    } else if (isObj(value)) {
      if (isEmptyObj(value)) {
        out.push(`${pad}${k}: {}`);
      } else {
        out.push(`${pad}${k}:`);
        emitMap(out, value, indent + 2, indentSeq);
      }
    } else if (typeof value === 'string' && value.includes('\n') && !value.startsWith(' ')) {
      const keep = value.endsWith('\n');
      out.push(`${pad}${k}: ${keep ? '|' : '|-'}`);
      const body = keep ? value.slice(0, -1) : value;
      for (const line of body.split('\n')) out.push(line === '' ? '' : `${pad}  ${line}`);
    } else {
      out.push(`${pad}${k}: ${scalar(value)}`);
    }
  }
}

function emitSeq(out: string[], items: Node[], indent: number, indentSeq: boolean): void {
  const pad = ' '.repeat(indent);
  for (const item of items) {
    if (isObj(item) && !isEmptyObj(item)) {
      const first = out.length;
      emitMap(out, item, indent + 2, indentSeq);
      out[first] = `${pad}- ${(out[first] as string).slice(indent + 2)}`;
    } else if (Array.isArray(item) && item.length > 0) {
      const first = out.length;
      emitSeq(out, item, indent + 2, indentSeq);
      out[first] = `${pad}- ${(out[first] as string).slice(indent + 2)}`;
    } else {
      out.push(`${pad}- ${inline(item)}`);
    }
  }
}

function toYaml(obj: Obj, indentSeq: boolean): string {
  const out: string[] = [];
  emitMap(out, obj, 0, indentSeq);
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// Catalog

/** `access`: a platform chart that only prints RBAC for a team (service accounts, roles, bindings). */
type Archetype = 'web' | 'stateful' | 'agent' | 'batch' | 'operator' | 'access';

interface Chart {
  name: string;
  archetype: Archetype;
  image: string;
  appVersion: string;
  chartVersion: string;
  port: number;
  portName: string;
  probe: 'http' | 'tcp' | 'exec';
  healthPath?: string;
}

const CHARTS: readonly Chart[] = [
  // web
  c('nginx', 'web', 'docker.io/library/nginx', '1.25.4', '15.14.0', 8080, 'http', 'http', '/'),
  c('podinfo', 'web', 'ghcr.io/stefanprodan/podinfo', '6.5.4', '6.5.4', 9898, 'http', 'http', '/healthz'),
  c(
    'keycloak',
    'web',
    'quay.io/keycloak/keycloak',
    '24.0.1',
    '19.3.4',
    8080,
    'http',
    'http',
    '/health/ready',
  ),
  c('grafana', 'web', 'docker.io/grafana/grafana', '10.4.1', '7.3.7', 3000, 'grafana', 'http', '/api/health'),
  c(
    'wordpress',
    'web',
    'docker.io/bitnami/wordpress',
    '6.4.3-debian-12-r9',
    '20.1.3',
    8080,
    'http',
    'http',
    '/wp-login.php',
  ),
  c(
    'api-gateway',
    'web',
    'ghcr.io/acme-edge/api-gateway',
    '2.14.0',
    '2.14.0',
    8080,
    'http',
    'http',
    '/healthz',
  ),
  c(
    'storefront',
    'web',
    'registry.acme.io/shop/storefront',
    '4.2.1',
    '0.9.3',
    3000,
    'http',
    'http',
    '/api/health',
  ),
  c(
    'checkout',
    'web',
    'registry.acme.io/shop/checkout',
    '1.18.7',
    '1.3.0',
    8080,
    'http',
    'http',
    '/actuator/health',
  ),
  c(
    'telemetry-gateway',
    'web',
    'docker.io/otel/opentelemetry-collector-contrib',
    '0.96.0',
    '0.84.0',
    4318,
    'otlp-http',
    'http',
    '/',
  ),
  c('device-registry', 'web', 'ghcr.io/acme-edge/device-registry', '0.31.2', '0.31.2', 8443, 'https', 'tcp'),
  c(
    'minio',
    'web',
    'quay.io/minio/minio',
    'RELEASE.2024-03-15T01-07-19Z',
    '5.1.0',
    9000,
    'http',
    'http',
    '/minio/health/live',
  ),
  c('mqtt-bridge', 'web', 'docker.io/eclipse-mosquitto', '2.0.18', '0.4.2', 1883, 'mqtt', 'tcp'),
  // stateful
  c(
    'redis',
    'stateful',
    'docker.io/bitnami/redis',
    '7.2.4-debian-12-r9',
    '18.19.2',
    6379,
    'tcp-redis',
    'exec',
  ),
  c(
    'postgresql',
    'stateful',
    'docker.io/bitnami/postgresql',
    '16.2.0-debian-12-r10',
    '14.3.3',
    5432,
    'tcp-postgresql',
    'exec',
  ),
  c(
    'mongodb',
    'stateful',
    'docker.io/bitnami/mongodb',
    '7.0.6-debian-12-r0',
    '15.1.0',
    27017,
    'mongodb',
    'exec',
  ),
  c('kafka', 'stateful', 'docker.io/bitnami/kafka', '3.7.0-debian-12-r0', '26.11.4', 9092, 'client', 'tcp'),
  c(
    'rabbitmq',
    'stateful',
    'docker.io/bitnami/rabbitmq',
    '3.12.13-debian-12-r2',
    '12.15.0',
    5672,
    'amqp',
    'exec',
  ),
  c(
    'elasticsearch',
    'stateful',
    'docker.elastic.co/elasticsearch/elasticsearch',
    '8.12.2',
    '8.5.1',
    9200,
    'http',
    'http',
    '/_cluster/health',
  ),
  c(
    'influxdb',
    'stateful',
    'docker.io/library/influxdb',
    '2.7.5-alpine',
    '2.1.2',
    8086,
    'http',
    'http',
    '/health',
  ),
  c(
    'nats',
    'stateful',
    'docker.io/library/nats',
    '2.10.12-alpine',
    '1.1.10',
    4222,
    'nats',
    'http',
    '/healthz',
  ),
  c('etcd', 'stateful', 'docker.io/bitnami/etcd', '3.5.12-debian-12-r10', '9.14.3', 2379, 'client', 'exec'),
  // agents
  c(
    'fluent-bit',
    'agent',
    'cr.fluentbit.io/fluent/fluent-bit',
    '2.2.2',
    '0.43.0',
    2020,
    'http',
    'http',
    '/api/v1/health',
  ),
  c(
    'node-exporter',
    'agent',
    'quay.io/prometheus/node-exporter',
    'v1.7.0',
    '4.31.0',
    9100,
    'metrics',
    'http',
    '/',
  ),
  c(
    'promtail',
    'agent',
    'docker.io/grafana/promtail',
    '2.9.4',
    '6.15.5',
    3101,
    'http-metrics',
    'http',
    '/ready',
  ),
  c(
    'falco',
    'agent',
    'docker.io/falcosecurity/falco-no-driver',
    '0.37.1',
    '4.2.2',
    8765,
    'web',
    'http',
    '/healthz',
  ),
  c(
    'edge-device-plugin',
    'agent',
    'ghcr.io/acme-edge/device-plugin',
    '0.8.3',
    '0.8.3',
    9400,
    'metrics',
    'tcp',
  ),
  c(
    'csi-node',
    'agent',
    'registry.k8s.io/sig-storage/csi-node-driver-registrar',
    'v2.10.0',
    '2.5.1',
    9808,
    'healthz',
    'http',
    '/healthz',
  ),
  // batch
  c('db-migrate', 'batch', 'registry.acme.io/platform/db-migrate', '3.4.0', '0.2.1', 8080, 'http', 'tcp'),
  c('backup', 'batch', 'docker.io/bitnami/kubectl', '1.29.3-debian-12-r0', '1.4.0', 8080, 'http', 'tcp'),
  c(
    'report-generator',
    'batch',
    'registry.acme.io/analytics/reports',
    '2024.3.1',
    '0.5.0',
    8080,
    'http',
    'tcp',
  ),
  c('log-compactor', 'batch', 'ghcr.io/acme-edge/log-compactor', '1.1.0', '1.1.0', 8080, 'http', 'tcp'),
  // operators
  c(
    'cert-manager',
    'operator',
    'quay.io/jetstack/cert-manager-controller',
    'v1.14.4',
    'v1.14.4',
    9402,
    'http-metrics',
    'http',
    '/livez',
  ),
  c(
    'external-secrets',
    'operator',
    'ghcr.io/external-secrets/external-secrets',
    'v0.9.13',
    '0.9.13',
    8080,
    'metrics',
    'http',
    '/healthz',
  ),
  c(
    'prometheus-operator',
    'operator',
    'quay.io/prometheus-operator/prometheus-operator',
    'v0.72.0',
    '57.0.3',
    10250,
    'https',
    'tcp',
  ),
  c(
    'sealed-secrets',
    'operator',
    'docker.io/bitnami/sealed-secrets-controller',
    'v0.26.1',
    '2.15.2',
    8080,
    'http',
    'http',
    '/healthz',
  ),
  c('edge-operator', 'operator', 'ghcr.io/acme-edge/edge-operator', '0.14.0', '0.14.0', 8443, 'https', 'tcp'),
  // RBAC only
  c('tenant-access', 'access', '', '1.0.0', '1.3.2', 0, '', 'tcp'),
];

/** Share of releases per archetype, spread evenly over the archetype's charts. */
const ARCHETYPE_SHARE: Record<Archetype, number> = {
  web: 47,
  stateful: 14,
  agent: 5,
  batch: 8,
  operator: 4,
  access: 22,
};
const CHART_WEIGHTS: readonly (readonly [Chart, number])[] = CHARTS.map((ch) => [
  ch,
  ARCHETYPE_SHARE[ch.archetype] / CHARTS.filter((other) => other.archetype === ch.archetype).length,
]);

function c(
  name: string,
  archetype: Archetype,
  image: string,
  appVersion: string,
  chartVersion: string,
  port: number,
  portName: string,
  probe: 'http' | 'tcp' | 'exec',
  healthPath?: string,
): Chart {
  const chart: Chart = { name, archetype, image, appVersion, chartVersion, port, portName, probe };
  if (healthPath !== undefined) chart.healthPath = healthPath;
  return chart;
}

const NAMESPACES = [
  'edge-gateway',
  'payments',
  'checkout',
  'monitoring',
  'logging',
  'ingress-nginx',
  'cert-manager',
  'data',
  'platform',
  'iot-ingest',
  'ml-serving',
  'auth',
  'search',
  'messaging',
  'storage',
  'ci',
  'backoffice',
  'analytics',
  'media',
  'fleet-agents',
];

const TEAMS = ['edge', 'payments', 'platform', 'data', 'sre', 'iot', 'identity', 'growth', 'media', 'ml'];
const RELEASE_PREFIXES = [
  'prod',
  'staging',
  'eu-west',
  'store',
  'site',
  'factory',
  'core',
  'shared',
  'tenant',
  'fleet',
  'north',
  'south',
];

const SIDECARS = [
  { name: 'metrics', image: 'quay.io/prometheus/statsd-exporter', tag: 'v0.26.0', port: 9102 },
  { name: 'log-shipper', image: 'ghcr.io/acme-edge/log-shipper', tag: '1.6.2', port: 2021 },
  { name: 'oauth2-proxy', image: 'quay.io/oauth2-proxy/oauth2-proxy', tag: 'v7.6.0', port: 4180 },
  { name: 'cloud-sql-proxy', image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy', tag: '2.9.0', port: 9801 },
  { name: 'config-reloader', image: 'ghcr.io/jimmidyson/configmap-reload', tag: 'v0.12.0', port: 9533 },
];

const INIT_CONTAINERS = [
  { name: 'volume-permissions', image: 'docker.io/bitnami/os-shell', tag: '12-debian-12-r16' },
  { name: 'wait-for-db', image: 'docker.io/library/busybox', tag: '1.36.1' },
  { name: 'init-config', image: 'docker.io/library/alpine', tag: '3.19.1' },
  { name: 'migrate', image: 'registry.acme.io/platform/db-migrate', tag: '3.4.0' },
];

// ---------------------------------------------------------------------------------------------------------
// Per-release context

type Posture = 'hardened' | 'default' | 'sloppy';

interface Release {
  chart: Chart;
  name: string;
  namespace: string;
  posture: Posture;
  /** kubectl style (`- ` at the parent's indentation) instead of helm's indented sequences. */
  indentSeq: boolean;
  /** Whether the chart's templates print `namespace: {{ .Release.Namespace }}`. */
  namespaced: boolean;
  team: string;
  labelStyle: 'full' | 'standard' | 'legacy';
}

interface Doc {
  template: string;
  obj: Obj;
}

class World {
  private readonly used = new Set<string>();

  constructor(
    readonly rng: Rng,
    readonly namespaces: string[],
  ) {}

  release(): Release {
    const rng = this.rng;
    const chart = rng.weighted(CHART_WEIGHTS);
    const namespace = rng.pick(this.namespaces);
    const team = rng.pick(TEAMS);
    // Release names are unique across namespaces too: charts that leave out `namespace:` would
    // otherwise print the same object twice.
    let name =
      chart.archetype === 'access' ? `${team}-access` : `${rng.pick(RELEASE_PREFIXES)}-${chart.name}`;
    if (this.used.has(name)) {
      let i = 2;
      while (this.used.has(`${name}-${i}`)) i++;
      name = `${name}-${i}`;
    }
    this.used.add(name);
    const posture = rng.weighted<Posture>([
      ['hardened', 40],
      ['default', 35],
      ['sloppy', 25],
    ]);
    return {
      chart,
      name,
      namespace,
      posture,
      indentSeq: rng.chance(0.65),
      namespaced: rng.chance(0.85),
      team,
      labelStyle: rng.weighted([
        ['full', 3],
        ['standard', 4],
        ['legacy', 3],
      ]),
    };
  }
}

function chartLabel(r: Release): string {
  return `${r.chart.name}-${r.chart.chartVersion.replace(/^v/, '')}`;
}

/** Object labels, in one of the three styles charts use. */
function labels(r: Release, component?: string): Obj {
  if (r.labelStyle === 'legacy') {
    return { app: r.chart.name, chart: chartLabel(r), component, release: r.name, heritage: 'Helm' };
  }
  return {
    'helm.sh/chart': chartLabel(r),
    'app.kubernetes.io/name': r.chart.name,
    'app.kubernetes.io/instance': r.name,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/version': r.labelStyle === 'full' ? r.chart.appVersion : undefined,
    'app.kubernetes.io/managed-by': 'Helm',
    'app.kubernetes.io/part-of': r.labelStyle === 'full' && r.team === 'platform' ? 'platform' : undefined,
  };
}

/** Pod template labels: the selector labels plus a few. */
function podLabels(r: Release, component?: string): Obj {
  if (r.labelStyle === 'legacy') return { app: r.chart.name, component, release: r.name };
  return {
    ...selector(r, component),
    'app.kubernetes.io/managed-by': r.labelStyle === 'full' ? 'Helm' : undefined,
  };
}

function selector(r: Release, component?: string): Obj {
  if (r.labelStyle === 'legacy') return { app: r.chart.name, component, release: r.name };
  return {
    'app.kubernetes.io/name': r.chart.name,
    'app.kubernetes.io/instance': r.name,
    'app.kubernetes.io/component': component,
  };
}

function meta(r: Release, name: string, component?: string, annotations?: Obj): Obj {
  return {
    name,
    namespace: r.namespaced ? r.namespace : undefined,
    labels: labels(r, component),
    annotations,
  };
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function pem(rng: Rng, type: string, size: number): string {
  const body = rng.bytes(size).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < body.length; i += 64) lines.push(body.slice(i, i + 64));
  return `-----BEGIN ${type}-----\n${lines.join('\n')}\n-----END ${type}-----\n`;
}

// ---------------------------------------------------------------------------------------------------------
// Containers and pod specs

interface PodOptions {
  /** Node agents: host paths, host network and friends are part of the job. */
  agent?: boolean;
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  serviceAccount?: string;
  configMap?: string;
  secret?: string;
  pvc?: string;
  /** Skip probes (jobs). */
  noProbes?: boolean;
  command?: string[];
}

function imageRef(rng: Rng, r: Release, image: string, tag: string): string {
  if (r.posture === 'hardened' && rng.chance(0.35)) return `${image}:${tag}@sha256:${rng.hex(64)}`;
  if (r.posture === 'sloppy' && rng.chance(0.45)) return rng.chance(0.7) ? `${image}:latest` : image;
  if (r.posture === 'default' && rng.chance(0.05)) return `${image}:latest`;
  return `${image}:${tag}`;
}

function resources(rng: Rng, r: Release, scale = 1): Obj {
  const cpu = rng.pick([50, 100, 100, 200, 250, 500, 1000]) * scale;
  const mem = rng.pick([64, 128, 128, 256, 512, 1024, 2048]) * scale;
  const cpuStr = cpu >= 1000 && cpu % 1000 === 0 ? String(cpu / 1000) : `${cpu}m`;
  const memStr = mem >= 1024 && mem % 1024 === 0 ? `${mem / 1024}Gi` : `${mem}Mi`;
  const requests = { cpu: cpuStr, memory: memStr };
  const limits = rng.chance(0.4)
    ? { memory: `${mem * 2}Mi` }
    : { cpu: `${cpu * 2}m`, memory: `${mem * 2}Mi` };
  if (r.posture === 'hardened') return { limits, requests };
  if (r.posture === 'default') return rng.chance(0.5) ? {} : { limits, requests };
  return rng.weighted<Obj>([
    [{}, 3],
    [{ requests }, 4],
    [{ limits, requests }, 2],
  ]);
}

function containerSecurity(rng: Rng, r: Release, agent: boolean): Obj | undefined {
  if (r.posture === 'hardened') {
    return {
      allowPrivilegeEscalation: false,
      capabilities: agent && rng.chance(0.3) ? { add: ['SYS_PTRACE'], drop: ['ALL'] } : { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: rng.pick([1001, 10001, 65532]),
      runAsGroup: rng.chance(0.3) ? rng.pick([1001, 10001, 65532]) : undefined,
      seccompProfile: rng.chance(0.2) ? { type: 'RuntimeDefault' } : undefined,
    };
  }
  if (r.posture === 'default') {
    if (rng.chance(0.4)) return {};
    if (rng.chance(0.4)) return undefined;
    return {
      runAsNonRoot: true,
      runAsUser: 1001,
      allowPrivilegeEscalation: rng.chance(0.3) ? undefined : false,
    };
  }
  // sloppy: one or more of the classics
  const sc: Obj = {};
  if (rng.chance(agent ? 0.6 : 0.25)) sc.privileged = true;
  if (rng.chance(0.35)) sc.runAsUser = 0;
  if (rng.chance(0.3)) sc.allowPrivilegeEscalation = true;
  if (rng.chance(0.25)) sc.capabilities = { add: rng.chance(0.5) ? ['NET_ADMIN'] : ['SYS_ADMIN', 'NET_RAW'] };
  if (rng.chance(0.15)) sc.readOnlyRootFilesystem = false;
  if (isEmptyObj(sc)) return rng.chance(0.5) ? undefined : {};
  return sc;
}

function probe(rng: Rng, chart: Chart, kind: 'liveness' | 'readiness' | 'startup'): Obj {
  let handler: Obj;
  if (chart.probe === 'http') {
    handler = { httpGet: { path: chart.healthPath ?? '/healthz', port: chart.portName, scheme: undefined } };
  } else if (chart.probe === 'tcp') {
    handler = { tcpSocket: { port: chart.portName } };
  } else {
    const cmd =
      chart.name === 'redis'
        ? 'redis-cli -h localhost -p 6379 ping | grep -q PONG'
        : chart.name === 'postgresql'
          ? 'exec pg_isready -U "postgres" -h 127.0.0.1 -p 5432'
          : `/opt/bitnami/scripts/${chart.name}/healthcheck.sh`;
    handler = { exec: { command: ['/bin/sh', '-c', cmd] } };
  }
  return {
    ...handler,
    initialDelaySeconds: kind === 'startup' ? undefined : rng.pick([5, 10, 20, 30]),
    periodSeconds: rng.pick([5, 10, 15]),
    timeoutSeconds: rng.chance(0.5) ? rng.pick([1, 3, 5]) : undefined,
    failureThreshold: kind === 'startup' ? 30 : rng.chance(0.5) ? rng.pick([3, 5, 6]) : undefined,
  };
}

const ENV_PLAIN: readonly (readonly [string, () => string])[] = [
  ['LOG_LEVEL', () => 'info'],
  ['LOG_FORMAT', () => 'json'],
  ['TZ', () => 'UTC'],
  ['HTTP_PORT', () => '8080'],
  ['METRICS_ENABLED', () => 'true'],
  ['OTEL_EXPORTER_OTLP_ENDPOINT', () => 'http://telemetry-gateway.monitoring.svc.cluster.local:4318'],
  ['OTEL_SERVICE_NAME', () => 'service'],
  ['CACHE_TTL_SECONDS', () => '300'],
  ['FEATURE_FLAGS', () => 'edge-sync,offline-mode'],
  ['JAVA_OPTS', () => '-XX:MaxRAMPercentage=75.0 -XX:+UseG1GC'],
  ['GOMAXPROCS', () => '2'],
  ['SITE_ID', () => 'store-0042'],
];

function env(rng: Rng, r: Release, secret: string | undefined, configMap: string | undefined): Node[] {
  const out: Node[] = [];
  const n = rng.int(0, 3);
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const [name, value] = rng.pick(ENV_PLAIN);
    if (seen.has(name)) continue;
    seen.add(name);
    out.push({ name, value: name === 'OTEL_SERVICE_NAME' ? r.name : value() });
  }
  if (rng.chance(0.2)) {
    out.push({ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
    out.push({
      name: 'POD_NAMESPACE',
      valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } },
    });
  }
  if (secret && rng.chance(0.5)) {
    out.push({ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: secret, key: 'password' } } });
  }
  if (configMap && rng.chance(0.3)) {
    out.push({
      name: 'APP_MODE',
      valueFrom: { configMapKeyRef: { name: configMap, key: 'APP_MODE', optional: true } },
    });
  }
  if (r.posture === 'sloppy' && rng.chance(0.3)) {
    const name = rng.pick(['DB_PASSWORD', 'API_TOKEN', 'AWS_SECRET_ACCESS_KEY']);
    if (!out.some((e) => isObj(e) && e.name === name)) out.push({ name, value: rng.alnum(24) });
  }
  return out;
}

function container(rng: Rng, r: Release, opts: PodOptions, volumeMounts: Node[]): Obj {
  const chart = r.chart;
  const probes = !opts.noProbes && (r.posture !== 'sloppy' || rng.chance(0.5));
  const envVars = env(rng, r, opts.secret, opts.configMap);
  return {
    name: chart.name,
    securityContext: containerSecurity(rng, r, opts.agent === true),
    image: imageRef(rng, r, chart.image, chart.appVersion),
    imagePullPolicy:
      r.posture === 'sloppy' && rng.chance(0.4)
        ? undefined
        : rng.pick(['IfNotPresent', 'IfNotPresent', 'Always']),
    command: opts.command,
    args: !opts.command && rng.chance(0.3) ? [`--port=${chart.port}`, '--log-format=json'] : undefined,
    ports: opts.command
      ? undefined
      : [
          {
            name: chart.portName,
            containerPort: chart.port,
            hostPort: r.posture === 'sloppy' && rng.chance(opts.agent ? 0.4 : 0.08) ? chart.port : undefined,
            protocol: 'TCP',
          },
        ],
    env: envVars.length > 0 ? envVars : undefined,
    envFrom: opts.configMap && rng.chance(0.3) ? [{ configMapRef: { name: opts.configMap } }] : undefined,
    livenessProbe: probes ? probe(rng, chart, 'liveness') : undefined,
    readinessProbe: probes ? probe(rng, chart, 'readiness') : undefined,
    startupProbe: probes && rng.chance(0.2) ? probe(rng, chart, 'startup') : undefined,
    resources: resources(rng, r),
    volumeMounts: volumeMounts.length > 0 ? volumeMounts : undefined,
  };
}

function sidecar(rng: Rng, r: Release): Obj {
  const s = rng.pick(SIDECARS);
  return {
    name: s.name,
    image: imageRef(rng, r, s.image, s.tag),
    imagePullPolicy: 'IfNotPresent',
    args: [`--listen=:${s.port}`],
    ports: [{ name: s.name.slice(0, 15), containerPort: s.port, protocol: 'TCP' }],
    securityContext: containerSecurity(rng, r, false),
    resources: r.posture === 'hardened' || rng.chance(0.5) ? resources(rng, r, 0.5) : undefined,
  };
}

function initContainer(rng: Rng, r: Release, mount?: Node): Obj {
  const ic = rng.pick(INIT_CONTAINERS);
  const rootFix = ic.name === 'volume-permissions';
  return {
    name: ic.name,
    image: imageRef(rng, r, ic.image, ic.tag),
    imagePullPolicy: 'IfNotPresent',
    command: ['/bin/sh', '-ec'],
    args: [
      rootFix
        ? 'chown -R 1001:1001 /data\nfind /data -mindepth 1 -maxdepth 1 -not -name ".snapshot" | xargs -r chown -R 1001:1001\n'
        : ic.name === 'wait-for-db'
          ? `until nc -z ${r.name}-db 5432; do echo waiting for db; sleep 2; done`
          : 'cp /defaults/* /config/ && echo done',
    ],
    securityContext: rootFix ? { runAsUser: 0 } : containerSecurity(rng, r, false),
    resources:
      r.posture === 'hardened'
        ? { limits: { cpu: '100m', memory: '64Mi' }, requests: { cpu: '10m', memory: '16Mi' } }
        : {},
    volumeMounts: mount ? [mount] : undefined,
  };
}

function podSpec(rng: Rng, r: Release, opts: PodOptions): Obj {
  const volumes: Node[] = [];
  const mounts: Node[] = [];
  if (opts.configMap) {
    volumes.push({
      name: 'config',
      configMap: { name: opts.configMap, defaultMode: rng.chance(0.3) ? 420 : undefined },
    });
    mounts.push({ name: 'config', mountPath: `/etc/${r.chart.name}`, readOnly: true });
  }
  if (opts.secret && rng.chance(0.4)) {
    volumes.push({ name: 'secrets', secret: { secretName: opts.secret } });
    mounts.push({ name: 'secrets', mountPath: '/var/run/secrets/app', readOnly: true });
  }
  if (r.posture === 'hardened' || rng.chance(0.4)) {
    volumes.push({ name: 'tmp', emptyDir: rng.chance(0.4) ? { sizeLimit: '256Mi' } : {} });
    mounts.push({ name: 'tmp', mountPath: '/tmp' });
  }
  if (opts.pvc) mounts.push({ name: opts.pvc, mountPath: '/data' });
  if (opts.agent) {
    volumes.push({ name: 'varlog', hostPath: { path: '/var/log' } });
    mounts.push({ name: 'varlog', mountPath: '/var/log', readOnly: r.posture !== 'sloppy' });
    if (rng.chance(0.5)) {
      volumes.push({ name: 'proc', hostPath: { path: '/proc' } });
      mounts.push({ name: 'proc', mountPath: '/host/proc', readOnly: true });
    }
  }
  if (r.posture === 'sloppy' && rng.chance(opts.agent ? 0.5 : 0.12)) {
    const path = rng.pick([
      '/var/run/docker.sock',
      '/run/containerd/containerd.sock',
      '/',
      '/etc',
      '/var/lib/kubelet',
    ]);
    volumes.push({ name: 'host', hostPath: { path, type: path.endsWith('.sock') ? 'Socket' : 'Directory' } });
    mounts.push({ name: 'host', mountPath: path === '/' ? '/host' : path });
  }

  const containers: Node[] = [container(rng, r, opts, mounts)];
  const extra = rng.weighted([
    [0, 14],
    [1, 5],
    [2, 1],
  ]);
  for (let i = 0; i < extra; i++) containers.push(sidecar(rng, r));
  const inits =
    rng.chance(0.2) || (r.chart.archetype === 'stateful' && rng.chance(0.4))
      ? [initContainer(rng, r, opts.pvc ? { name: opts.pvc, mountPath: '/data' } : undefined)]
      : undefined;

  const sloppy = r.posture === 'sloppy';
  const agent = opts.agent === true;
  return {
    serviceAccountName: opts.serviceAccount,
    automountServiceAccountToken: r.posture === 'hardened' ? false : undefined,
    hostNetwork: (sloppy && rng.chance(agent ? 0.5 : 0.05)) || (agent && rng.chance(0.2)) ? true : undefined,
    hostPID: sloppy && rng.chance(agent ? 0.3 : 0.03) ? true : undefined,
    hostIPC: sloppy && rng.chance(0.03) ? true : undefined,
    dnsPolicy: agent ? 'ClusterFirstWithHostNet' : undefined,
    securityContext:
      r.posture === 'hardened'
        ? {
            fsGroup: 10001,
            runAsNonRoot: true,
            runAsUser: 10001,
            runAsGroup: 10001,
            seccompProfile: { type: 'RuntimeDefault' },
          }
        : r.posture === 'default'
          ? rng.chance(0.5)
            ? {}
            : { fsGroup: 1001 }
          : rng.chance(0.4)
            ? { runAsUser: 0 }
            : {},
    priorityClassName: agent ? 'system-node-critical' : undefined,
    restartPolicy: opts.restartPolicy,
    initContainers: inits,
    containers,
    affinity:
      !agent && rng.chance(0.2)
        ? {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 1,
                  podAffinityTerm: {
                    topologyKey: 'kubernetes.io/hostname',
                    labelSelector: { matchLabels: selector(r) },
                  },
                },
              ],
            },
          }
        : undefined,
    nodeSelector: rng.chance(0.25)
      ? { 'kubernetes.io/os': 'linux', 'node-role.acme.io/edge': 'true' }
      : undefined,
    tolerations: agent ? [{ operator: 'Exists' }] : undefined,
    terminationGracePeriodSeconds: rng.chance(0.3) ? rng.pick([10, 30, 60]) : undefined,
    volumes: volumes.length > 0 ? volumes : undefined,
  };
}

function template(rng: Rng, r: Release, opts: PodOptions, component?: string, configChecksum?: boolean): Obj {
  return {
    metadata: {
      annotations: configChecksum
        ? {
            'checksum/config': rng.hex(64),
            'prometheus.io/scrape': rng.chance(0.5) ? 'true' : undefined,
            'prometheus.io/port': rng.chance(0.5) ? String(r.chart.port) : undefined,
          }
        : undefined,
      labels: podLabels(r, component),
    },
    spec: podSpec(rng, r, opts),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Resources of a release

function configMapData(rng: Rng, r: Release): Obj {
  const data: Obj = { APP_MODE: rng.pick(['production', 'edge', 'offline-first']), LOG_LEVEL: 'info' };
  const shape = rng.weighted([
    ['nginx', 2],
    ['app', 3],
    ['json', 2],
    ['fluent', r.chart.archetype === 'agent' ? 6 : 0],
    ['kv', 3],
  ]);
  if (shape === 'nginx') {
    data['nginx.conf'] = [
      'worker_processes auto;',
      'events {',
      '  worker_connections 1024;',
      '}',
      'http {',
      '  server_tokens off;',
      '  client_max_body_size 8m;',
      `  upstream backend { server ${r.name}-backend:${r.chart.port}; keepalive 32; }`,
      '  server {',
      `    listen ${r.chart.port};`,
      '    location / {',
      '      proxy_pass http://backend;',
      '      proxy_set_header Host $host;',
      '      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
      '    }',
      '    location /healthz { return 200; }',
      '  }',
      '}',
      '',
    ].join('\n');
  } else if (shape === 'app') {
    data['application.yaml'] = [
      'server:',
      `  port: ${r.chart.port}`,
      '  shutdown: graceful',
      'management:',
      '  endpoints:',
      '    web:',
      '      exposure:',
      '        include: health,info,prometheus',
      'spring:',
      '  datasource:',
      `    url: jdbc:postgresql://${r.name}-postgresql.${r.namespace}.svc:5432/app`,
      '    hikari:',
      `      maximum-pool-size: ${rng.int(5, 40)}`,
      'edge:',
      `  site: store-${String(rng.int(1, 9999)).padStart(4, '0')}`,
      `  sync-interval: ${rng.int(10, 600)}s`,
      '',
    ].join('\n');
  } else if (shape === 'json') {
    data['config.json'] = JSON.stringify(
      {
        listen: `:${r.chart.port}`,
        upstreams: [`http://${r.name}-a:8080`, `http://${r.name}-b:8080`],
        retries: rng.int(1, 5),
        timeouts: { connect: '2s', read: '30s' },
        features: { offline: rng.chance(0.5), compression: true },
      },
      null,
      2,
    );
  } else if (shape === 'fluent') {
    data['fluent-bit.conf'] = [
      '[SERVICE]',
      '    Daemon Off',
      '    Flush 1',
      '    Log_Level info',
      '    Parsers_File parsers.conf',
      '    HTTP_Server On',
      '    HTTP_Listen 0.0.0.0',
      `    HTTP_Port ${r.chart.port}`,
      '',
      '[INPUT]',
      '    Name tail',
      '    Path /var/log/containers/*.log',
      '    multiline.parser docker, cri',
      '    Tag kube.*',
      '    Mem_Buf_Limit 5MB',
      '',
      '[OUTPUT]',
      '    Name loki',
      '    Match kube.*',
      '    Host loki-gateway.logging.svc.cluster.local',
      '',
    ].join('\n');
  } else {
    for (let i = 0; i < rng.int(3, 10); i++) {
      data[
        `${rng.pick(['SYNC', 'CACHE', 'QUEUE', 'UPLOAD', 'RETRY'])}_${rng.pick(['SIZE', 'INTERVAL', 'LIMIT', 'TIMEOUT'])}`
      ] = String(rng.int(1, 5000));
    }
  }
  return data;
}

function accessDocs(rng: Rng, r: Release): Doc[] {
  const docs: Doc[] = [];
  const add = (file: string, obj: Obj) => docs.push({ template: `${r.chart.name}/templates/${file}`, obj });
  const deployer = `${r.name}-deployer`;
  add('serviceaccount.yaml', {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { ...meta(r, deployer), namespace: r.namespace },
  });
  const roles = rng.int(1, 3);
  for (let i = 0; i < roles; i++) {
    const role = rng.pick(['view', 'deploy', 'debug', 'secrets-reader', 'operator']);
    const name = `${r.name}-${role}-${i}`;
    const verbs =
      role === 'view'
        ? ['get', 'list', 'watch']
        : ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
    const resources =
      role === 'secrets-reader'
        ? ['secrets']
        : role === 'debug'
          ? ['pods', 'pods/log', 'pods/exec', 'pods/portforward']
          : ['deployments', 'statefulsets', 'services', 'configmaps'];
    add('role.yaml', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { ...meta(r, name), namespace: r.namespace },
      rules: [
        {
          apiGroups: ['', 'apps'],
          resources,
          verbs: r.posture === 'sloppy' && rng.chance(0.3) ? ['*'] : verbs,
        },
      ],
    });
    add('rolebinding.yaml', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { ...meta(r, name), namespace: r.namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [
        rng.chance(0.5)
          ? { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: `acme:${r.team}` }
          : { kind: 'ServiceAccount', name: deployer, namespace: r.namespace },
      ],
    });
  }
  if (rng.chance(0.3)) {
    add('token.yaml', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        ...meta(r, `${deployer}-token`, undefined, { 'kubernetes.io/service-account.name': deployer }),
        namespace: r.namespace,
      },
      type: 'kubernetes.io/service-account-token',
    });
  }
  return docs;
}

function releaseDocs(rng: Rng, r: Release): Doc[] {
  if (r.chart.archetype === 'access') return accessDocs(rng, r);
  const docs: Doc[] = [];
  const chart = r.chart;
  const add = (file: string, obj: Obj) => docs.push({ template: `${chart.name}/templates/${file}`, obj });
  const hasSa = r.posture !== 'sloppy' || rng.chance(0.5);
  const sa = hasSa ? r.name : undefined;
  const cm = rng.chance(0.8) ? r.name : undefined;
  const secret =
    chart.archetype === 'stateful' || chart.archetype === 'batch' || rng.chance(0.4)
      ? `${r.name}-secret`
      : undefined;
  const component = {
    web: 'server',
    stateful: 'primary',
    agent: 'agent',
    batch: 'job',
    operator: 'controller',
    access: '',
  }[chart.archetype];

  if (hasSa) {
    add('serviceaccount.yaml', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: meta(r, r.name),
      automountServiceAccountToken: r.posture === 'hardened' ? false : rng.chance(0.3) ? true : undefined,
    });
  }
  if (secret) {
    const data: Obj = { password: b64(rng.alnum(20)) };
    if (chart.archetype === 'stateful') data[`${chart.name}-password`] = b64(rng.alnum(16));
    if (rng.chance(0.3)) data['api-key'] = b64(`ak_${rng.alnum(32)}`);
    add('secrets.yaml', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta(r, secret),
      type: 'Opaque',
      data,
    });
  }
  if (cm) {
    add('configmap.yaml', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(r, cm),
      data: configMapData(rng, r),
    });
  }
  if (rng.chance(0.4)) {
    add('configmap-env.yaml', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(r, `${r.name}-env`),
      data: {
        ENVIRONMENT: rng.pick(['production', 'staging']),
        REGION: rng.pick(['eu-west-1', 'eu-central-1', 'us-east-1']),
        SITE_ID: `store-${String(rng.int(1, 9999)).padStart(4, '0')}`,
      },
    });
  }
  const tlsSecret =
    chart.archetype === 'operator' || (chart.archetype === 'web' && rng.chance(0.2))
      ? `${r.name}-tls`
      : undefined;
  if (tlsSecret) {
    add(chart.archetype === 'operator' ? 'webhook-cert.yaml' : 'tls-secret.yaml', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta(r, tlsSecret),
      type: 'kubernetes.io/tls',
      data: {
        'ca.crt': rng.chance(0.5) ? b64(pem(rng, 'CERTIFICATE', 420)) : undefined,
        'tls.crt': b64(pem(rng, 'CERTIFICATE', 520)),
        'tls.key': b64(pem(rng, 'PRIVATE KEY', 120)),
      },
    });
  }

  // RBAC
  if (chart.archetype === 'agent' || chart.archetype === 'operator') {
    const rules: Node[] = [
      { apiGroups: [''], resources: ['pods', 'namespaces', 'nodes'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
    ];
    if (chart.archetype === 'operator') {
      rules.push({
        apiGroups: [''],
        resources: ['secrets', 'configmaps'],
        verbs: ['get', 'list', 'watch', 'create', 'update'],
      });
      rules.push({
        apiGroups: ['apps'],
        resources: ['deployments', 'statefulsets'],
        verbs: ['get', 'list', 'watch', 'patch'],
      });
    }
    if (r.posture === 'sloppy' && rng.chance(0.4))
      rules.push({ apiGroups: ['*'], resources: ['*'], verbs: ['*'] });
    const crName = `${r.namespace}-${r.name}`;
    add('clusterrole.yaml', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: crName, labels: labels(r) },
      rules,
    });
    add('clusterrolebinding.yaml', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: crName, labels: labels(r) },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: crName },
      subjects: [{ kind: 'ServiceAccount', name: sa ?? 'default', namespace: r.namespace }],
    });
  }
  if (chart.archetype === 'operator' || rng.chance(0.35)) {
    add('role.yaml', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta(r, r.name),
      rules: [
        {
          apiGroups: [''],
          resources: ['configmaps'],
          resourceNames: cm ? [cm] : undefined,
          verbs: ['get', 'watch', 'list'],
        },
        r.posture === 'sloppy' && rng.chance(0.5)
          ? { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch', 'create', 'delete'] }
          : { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] },
      ],
    });
    add('rolebinding.yaml', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta(r, r.name),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: r.name },
      subjects: [{ kind: 'ServiceAccount', name: sa ?? 'default', namespace: r.namespace }],
    });
  }

  // Services
  const svcPorts = [{ name: chart.portName, port: chart.port, targetPort: chart.portName, protocol: 'TCP' }];
  if (chart.archetype === 'stateful') {
    add('svc-headless.yaml', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(r, `${r.name}-headless`, component),
      spec: {
        type: 'ClusterIP',
        clusterIP: 'None',
        publishNotReadyAddresses: true,
        ports: svcPorts,
        selector: selector(r, component),
      },
    });
  }
  if (chart.archetype !== 'batch') {
    const type = rng.weighted([
      ['ClusterIP', 20],
      ['NodePort', chart.archetype === 'web' ? 3 : 1],
      ['LoadBalancer', chart.archetype === 'web' ? 2 : 0.3],
    ]);
    add('service.yaml', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(
        r,
        r.name,
        component,
        type === 'LoadBalancer' ? { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' } : undefined,
      ),
      spec: {
        type,
        sessionAffinity: rng.chance(0.3) ? 'None' : undefined,
        ports: svcPorts.map((p) => ({
          ...p,
          nodePort: type === 'NodePort' ? rng.int(30000, 32767) : undefined,
        })),
        selector: selector(r, component),
      },
    });
  }

  if ((chart.archetype === 'web' || chart.archetype === 'stateful') && rng.chance(0.4)) {
    add('metrics-svc.yaml', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(r, `${r.name}-metrics`, 'metrics', {
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': '9102',
      }),
      spec: {
        type: 'ClusterIP',
        ports: [{ name: 'http-metrics', port: 9102, targetPort: 'metrics', protocol: 'TCP' }],
        selector: selector(r, component),
      },
    });
  }

  // Workloads
  const podOpts: PodOptions = {};
  if (sa) podOpts.serviceAccount = sa;
  if (cm) podOpts.configMap = cm;
  if (secret) podOpts.secret = secret;
  const workloadName = r.name;
  if (chart.archetype === 'web' || chart.archetype === 'operator') {
    add(chart.archetype === 'operator' ? 'controller.yaml' : 'deployment.yaml', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(r, workloadName, component),
      spec: {
        replicas: rng.pick([1, 2, 2, 3, 3, 5]),
        revisionHistoryLimit: rng.chance(0.4) ? 10 : undefined,
        strategy: rng.chance(0.4)
          ? { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } }
          : undefined,
        selector: { matchLabels: selector(r, component) },
        template: template(rng, r, podOpts, component, cm !== undefined && rng.chance(0.6)),
      },
    });
  } else if (chart.archetype === 'stateful') {
    podOpts.pvc = 'data';
    add(`${component}/statefulset.yaml`, {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta(r, workloadName, component),
      spec: {
        replicas: rng.pick([1, 1, 3]),
        serviceName: `${r.name}-headless`,
        podManagementPolicy: rng.chance(0.5) ? 'Parallel' : 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate' },
        selector: { matchLabels: selector(r, component) },
        template: template(rng, r, podOpts, component, cm !== undefined && rng.chance(0.6)),
        volumeClaimTemplates: [
          {
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            metadata: { name: 'data' },
            spec: {
              accessModes: ['ReadWriteOnce'],
              storageClassName: rng.chance(0.5) ? rng.pick(['local-path', 'longhorn', 'gp3']) : undefined,
              resources: { requests: { storage: `${rng.pick([1, 8, 10, 20, 50, 100])}Gi` } },
            },
          },
        ],
      },
    });
  } else if (chart.archetype === 'agent') {
    podOpts.agent = true;
    add('daemonset.yaml', {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: meta(r, workloadName, component),
      spec: {
        selector: { matchLabels: selector(r, component) },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
        template: template(rng, r, podOpts, component, cm !== undefined && rng.chance(0.6)),
      },
    });
  } else {
    const jobOpts: PodOptions = {
      ...podOpts,
      restartPolicy: 'OnFailure',
      noProbes: true,
      command: ['/bin/sh', '-c', `${chart.name} run --config /etc/${chart.name}/config.json`],
    };
    add('cronjob.yaml', {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: meta(r, workloadName, component),
      spec: {
        schedule: rng.pick(['*/15 * * * *', '0 * * * *', '30 2 * * *', '0 4 * * 0']),
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 1,
        jobTemplate: {
          spec: {
            backoffLimit: rng.pick([0, 2, 6]),
            activeDeadlineSeconds: rng.chance(0.5) ? 3600 : undefined,
            template: template(rng, r, jobOpts, component),
          },
        },
      },
    });
    if (rng.chance(0.7)) {
      add('job-migrate.yaml', {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: meta(r, `${r.name}-migrate`, 'migration', {
          'helm.sh/hook': 'pre-install,pre-upgrade',
          'helm.sh/hook-weight': '-5',
          'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
        }),
        spec: {
          backoffLimit: 2,
          ttlSecondsAfterFinished: rng.chance(0.5) ? 600 : undefined,
          template: template(rng, r, { ...jobOpts, restartPolicy: 'Never' }, 'migration'),
        },
      });
    }
  }
  // The odd leftover: a ReplicaSet from a legacy chart, or a bare Pod.
  if (chart.archetype === 'web' && rng.chance(0.04)) {
    add('legacy-replicaset.yaml', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: meta(r, `${r.name}-legacy`, 'legacy'),
      spec: {
        replicas: 1,
        selector: { matchLabels: selector(r, 'legacy') },
        template: template(rng, r, podOpts, 'legacy'),
      },
    });
  }
  if (chart.archetype !== 'agent' && rng.chance(0.08)) {
    add('debug-pod.yaml', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta(r, `${r.name}-toolbox`, 'toolbox'),
      spec: podSpec(rng, r, {
        ...podOpts,
        restartPolicy: 'Always',
        noProbes: true,
        command: ['sleep', 'infinity'],
      }),
    });
  }

  // Scaling, disruption, network, ingress
  if ((chart.archetype === 'web' || chart.archetype === 'operator') && rng.chance(0.45)) {
    add('hpa.yaml', {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta(r, r.name, component),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: workloadName },
        minReplicas: rng.pick([1, 2, 3]),
        maxReplicas: rng.pick([5, 10, 20]),
        metrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: { type: 'Utilization', averageUtilization: rng.pick([60, 70, 80]) },
            },
          },
          ...(rng.chance(0.5)
            ? [
                {
                  type: 'Resource',
                  resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } },
                },
              ]
            : []),
        ],
      },
    });
  }
  if ((chart.archetype === 'web' || chart.archetype === 'stateful') && rng.chance(0.55)) {
    add('pdb.yaml', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta(r, r.name, component),
      spec: {
        ...(rng.chance(0.6) ? { minAvailable: 1 } : { maxUnavailable: rng.chance(0.5) ? 1 : '25%' }),
        selector: { matchLabels: selector(r, component) },
      },
    });
  }
  if (chart.archetype !== 'agent' && rng.chance(r.posture === 'hardened' ? 0.8 : 0.35)) {
    add('networkpolicy.yaml', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(r, r.name, component),
      spec: {
        podSelector: { matchLabels: selector(r, component) },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [
              { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
              {
                podSelector: {
                  matchLabels:
                    r.labelStyle === 'legacy'
                      ? { release: r.name }
                      : { 'app.kubernetes.io/instance': r.name },
                },
              },
            ],
            ports: [{ port: chart.port, protocol: 'TCP' }],
          },
        ],
        egress:
          r.posture === 'sloppy'
            ? [{}]
            : [
                {
                  to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
                  ports: [
                    { port: 53, protocol: 'UDP' },
                    { port: 53, protocol: 'TCP' },
                  ],
                },
                { to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.96.0.0/12'] } }] },
              ],
      },
    });
  }
  if (chart.archetype === 'web' && rng.chance(0.5)) {
    const host = `${r.name}.${rng.pick(['edge', 'stores', 'internal', 'fleet'])}.acme.io`;
    add('ingress.yaml', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta(r, r.name, component, {
        'cert-manager.io/cluster-issuer': tlsSecret || rng.chance(0.5) ? 'letsencrypt-prod' : undefined,
        'nginx.ingress.kubernetes.io/proxy-body-size': rng.chance(0.4) ? '16m' : undefined,
        'nginx.ingress.kubernetes.io/ssl-redirect': rng.chance(0.5) ? 'true' : undefined,
      }),
      spec: {
        ingressClassName: 'nginx',
        tls:
          tlsSecret || rng.chance(0.6)
            ? [{ hosts: [host], secretName: tlsSecret ?? `${r.name}-ingress-tls` }]
            : undefined,
        rules: [
          {
            host,
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: r.name, port: { name: chart.portName } } },
                },
              ],
            },
          },
        ],
      },
    });
  }
  if (chart.archetype === 'web' && rng.chance(0.25)) {
    const testName = `${r.name}-test-connection`;
    docs.push({
      template: `${chart.name}/templates/tests/test-connection.yaml`,
      obj: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { ...meta(r, testName), annotations: { 'helm.sh/hook': 'test' } },
        spec: {
          containers: [
            {
              name: 'wget',
              image: r.posture === 'sloppy' ? 'busybox' : 'docker.io/library/busybox:1.36.1',
              command: ['wget'],
              args: [`${r.name}:${chart.port}`],
            },
          ],
          restartPolicy: 'Never',
        },
      },
    });
  }
  return docs;
}

function namespaceDocs(rng: Rng, names: string[]): Doc[] {
  const docs: Doc[] = [];
  for (const name of names) {
    const level = rng.weighted([
      ['restricted', 4],
      ['baseline', 3],
      ['privileged', 1],
      ['', 3],
    ]);
    docs.push({
      template: 'platform-namespaces/templates/namespaces.yaml',
      obj: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name,
          labels: {
            'kubernetes.io/metadata.name': name,
            'app.kubernetes.io/managed-by': 'Helm',
            'acme.io/team': rng.pick(TEAMS),
            'pod-security.kubernetes.io/enforce': level || undefined,
            'pod-security.kubernetes.io/enforce-version': level ? 'latest' : undefined,
            'pod-security.kubernetes.io/warn': level ? 'restricted' : undefined,
          },
          annotations: {
            'meta.helm.sh/release-name': 'platform-namespaces',
            'meta.helm.sh/release-namespace': 'platform',
          },
        },
      },
    });
  }
  for (const name of names) {
    if (!rng.chance(0.75)) continue;
    const size = rng.pick([4, 8, 16, 32]);
    docs.push({
      template: 'platform-namespaces/templates/resourcequota.yaml',
      obj: {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: {
          name: `${name}-quota`,
          namespace: name,
          labels: { 'app.kubernetes.io/managed-by': 'Helm' },
        },
        spec: {
          hard: {
            'requests.cpu': String(size),
            'requests.memory': `${size * 2}Gi`,
            'limits.cpu': String(size * 2),
            'limits.memory': `${size * 4}Gi`,
            pods: String(size * 10),
            persistentvolumeclaims: String(size),
            'services.loadbalancers': rng.chance(0.5) ? '0' : undefined,
          },
        },
      },
    });
  }
  return docs;
}

// ---------------------------------------------------------------------------------------------------------
// Writing

function render(doc: Doc, indentSeq: boolean): string {
  return `---\n# Source: ${doc.template}\n${toYaml(doc.obj, indentSeq)}\n`;
}

export function generate(dir: string, options: GenerateOptions = {}): GenerateResult {
  const total = Math.max(1, Math.floor(options.resources ?? DEFAULT_RESOURCES));
  const fileCount = Math.min(
    total,
    Math.max(1, Math.floor(options.files ?? Math.round(total / DOCS_PER_FILE))),
  );
  const rng = new Rng(options.seed ?? DEFAULT_SEED);

  mkdirSync(dir, { recursive: true });
  for (const entry of readdirSync(dir)) if (FILE_PATTERN.test(entry)) rmSync(join(dir, entry));

  const nsCount = Math.min(NAMESPACES.length, Math.max(1, Math.round(total / 2500)));
  const namespaces = NAMESPACES.slice(0, nsCount);
  const world = new World(rng, namespaces);
  const kinds: Record<string, number> = {};
  const width = Math.max(3, String(fileCount - 1).length);

  let written = 0;
  let bytes = 0;
  let fileIndex = 0;
  let boundary = Math.floor(total / fileCount); // documents in files [0, fileIndex] end here
  let chunks: string[] = [];

  const flush = () => {
    const text = chunks.join('');
    bytes += Buffer.byteLength(text);
    writeFileSync(join(dir, `manifests-${String(fileIndex).padStart(width, '0')}.yaml`), text);
    chunks = [];
    fileIndex++;
    boundary = Math.floor(((fileIndex + 1) * total) / fileCount);
  };
  const push = (doc: Doc, indentSeq: boolean) => {
    chunks.push(render(doc, indentSeq));
    const kind = doc.obj.kind as string;
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    written++;
    if (written === boundary) flush();
  };

  for (const doc of namespaceDocs(rng, namespaces)) {
    if (written === total) break;
    push(doc, true);
  }
  while (written < total) {
    const release = world.release();
    for (const doc of releaseDocs(rng, release)) {
      if (written === total) break;
      push(doc, release.indentSeq);
    }
  }
  return { files: fileIndex, resources: written, bytes, kinds };
}

// ---------------------------------------------------------------------------------------------------------
// CLI

function usage(): never {
  process.stderr.write('usage: node dist/bench/generate.js DIR [--resources N] [--files N] [--seed N]\n');
  process.exit(2);
}

function main(argv: string[]): void {
  let dir: string | undefined;
  const options: GenerateOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const flag = arg.match(/^--(resources|files|seed)(?:=(.*))?$/);
    if (flag) {
      const raw = flag[2] ?? argv[++i];
      const n = Number(raw);
      if (raw === undefined || !Number.isInteger(n) || n < (flag[1] === 'seed' ? 0 : 1)) usage();
      options[flag[1] as keyof GenerateOptions] = n;
    } else if (arg.startsWith('-') || dir !== undefined) {
      usage();
    } else {
      dir = arg;
    }
  }
  if (dir === undefined) usage();
  const t0 = performance.now();
  const result = generate(dir, options);
  const ms = performance.now() - t0;
  process.stdout.write(
    `${result.resources} resources in ${result.files} files, ${(result.bytes / 1e6).toFixed(1)} MB, ` +
      `written to ${dir} in ${(ms / 1000).toFixed(1)} s\n`,
  );
  const kinds = Object.entries(result.kinds).sort((a, b) => b[1] - a[1]);
  process.stdout.write(`${kinds.map(([k, n]) => `${k} ${n}`).join(', ')}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2));
}
