/**
 * What a cluster shows of its platform besides its objects, read into the facts src/rules/platform judges (the
 * same facts `parapet node` reads from a node's files): the API server's version and TLS certificates, the flags of
 * the control-plane mirror pods in kube-system, and each kubelet's configuration through the node proxy (configz).
 * The front reads; the rules judge. What cannot be seen is a note naming the rules left unjudged, never a pass.
 */
import { isIP } from 'node:net';
import { connect, type PeerCertificate } from 'node:tls';
import type { Note } from '../findings/finding.js';
import {
  CLUSTER_API_VERSION,
  COMPONENT_KINDS,
  COMPONENT_NAMES,
  type Component,
  containerFlags,
  type FactSetting,
  factResource,
  NODE_API_VERSION,
  SERVER_CERTIFICATES_KIND,
  SERVER_VERSION_KIND,
  scalarFields,
  settingsFields,
} from '../inventory/platform-facts.js';
import type { Resource } from '../inventory/resource.js';
import { asArray, asRecord } from '../inventory/values.js';
import type { Rule } from '../rules/types.js';
import type { ClusterAccess } from './access.js';
import { type ApiClient, ApiError } from './api.js';
import { ruleIdRanges } from './needed-kinds.js';

export interface PlatformRead {
  facts: Resource[];
  notes: Note[];
}

interface PlatformContext {
  api: ApiClient;
  access: ClusterAccess;
  catalog: readonly Rule[];
  /** The objects read so far (Pods, Nodes), and where the facts' indexes start. */
  resources: readonly Resource[];
  serverVersion: string;
  timeoutMs: number;
}

/** A mirror pod's annotation: the kubelet made it for a static pod. */
const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

/**
 * Fields a kubelet's configz leaves out when they hold their zero value (`omitempty`): what absent means there,
 * so a rule's "absent" fallback (for a configuration nobody wrote) does not apply.
 */
const CONFIGZ_ZERO_VALUES: Readonly<Record<string, string>> = {
  readOnlyPort: '0',
  protectKernelDefaults: 'false',
  rotateCertificates: 'false',
  'authentication.anonymous.enabled': 'false',
  'authentication.webhook.enabled': 'false',
};

export async function readPlatform(context: PlatformContext): Promise<PlatformRead> {
  const out: PlatformRead = { facts: [], notes: [] };
  const add = (resource: Omit<Parameters<typeof factResource>[0], 'index'>) =>
    out.facts.push(factResource({ ...resource, index: context.resources.length + out.facts.length }));
  add({
    apiVersion: CLUSTER_API_VERSION,
    kind: SERVER_VERSION_KIND,
    name: 'kubernetes',
    fields: { gitVersion: context.serverVersion, server: context.access.server },
    origin: {},
  });
  const [certificates, kubelets] = await Promise.all([
    handshake(context.access, context.timeoutMs).then(
      (chain) => chain,
      (error: unknown) => new Error(error instanceof Error ? error.message : String(error)),
    ),
    readKubelets(context),
  ]);
  if (certificates instanceof Error)
    out.notes.push(
      notAssessed(
        context.catalog,
        [SERVER_CERTIFICATES_KIND],
        `the API server's certificates not read: ${certificates.message}`,
      ),
    );
  else
    add({
      apiVersion: CLUSTER_API_VERSION,
      kind: SERVER_CERTIFICATES_KIND,
      name: context.access.server,
      fields: certificates,
      origin: {},
    });
  for (const mirror of mirrorPods(context)) {
    const fields: Record<string, unknown> = settingsFields(mirror.settings);
    const providerConfig = mirror.settings.get('encryption-provider-config');
    if (mirror.component === 'apiserver' && providerConfig) {
      fields.encryption = {
        file: providerConfig.value,
        unreadable: 'the file is on the control-plane node, not readable through the API',
      };
      out.notes.push({
        level: 'warning',
        message: `not assessable from the API: which provider encrypts Secrets (${providerConfig.value} on the control-plane node); run \`parapet node\` there, or \`parapet etcd-check\` to see what etcd stores`,
      });
    }
    fields.source = { pod: `kube-system/${mirror.pod.name}` };
    add({
      apiVersion: NODE_API_VERSION,
      kind: COMPONENT_KINDS[mirror.component],
      name: mirror.pod.name,
      namespace: 'kube-system',
      ...uidOf(mirror.pod),
      fields,
      origin: uidOf(mirror.pod),
    });
  }
  const seen = new Set(out.facts.map((fact) => fact.kind));
  const hidden = (['apiserver', 'controller-manager', 'scheduler', 'etcd'] as const).filter(
    (component) => !seen.has(COMPONENT_KINDS[component]),
  );
  if (hidden.length > 0) out.notes.push(hiddenControlPlane(context, hidden));
  for (const kubelet of kubelets.facts) add(kubelet);
  out.notes.push(...kubelets.notes);
  return out;
}

/** The serving chain the API server presents and the CA bundle the client trusts, as PEM. */
async function handshake(
  access: ClusterAccess,
  timeoutMs: number,
): Promise<{ serving: string[]; caBundle: string[] }> {
  const url = new URL(access.server);
  if (url.protocol !== 'https:') throw new Error(`${access.server} is not served over TLS`);
  const options = await access.requestOptions();
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port: Number(url.port || 443),
      ...(isIP(host) ? {} : { servername: host }),
      ca: options.ca,
      cert: options.cert,
      key: options.key,
      rejectUnauthorized: options.rejectUnauthorized ?? true,
    });
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new Error(`no TLS handshake within ${timeoutMs / 1000} s`)),
    );
    socket.once('error', reject);
    socket.once('secureConnect', () => {
      const serving = chainOf(socket.getPeerCertificate(true));
      socket.end();
      resolve({ serving, caBundle: pemBlocks(options.ca) });
    });
  });
}

/** The presented chain, leaf first, each certificate once (a self-signed root is its own issuer). */
function chainOf(leaf: PeerCertificate & { issuerCertificate?: PeerCertificate }): string[] {
  const pems: string[] = [];
  const seen = new Set<string>();
  let cert: (PeerCertificate & { issuerCertificate?: PeerCertificate }) | undefined = leaf;
  while (cert?.raw !== undefined && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    pems.push(toPem(cert.raw));
    cert = cert.issuerCertificate;
  }
  return pems;
}

function toPem(der: Buffer): string {
  const body = der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}

function pemBlocks(ca: unknown): string[] {
  const texts = (Array.isArray(ca) ? ca : ca === undefined ? [] : [ca]).map((c) => String(c));
  return texts.flatMap(
    (text) =>
      text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)?.map((p) => `${p}\n`) ?? [],
  );
}

interface MirrorPod {
  component: Component;
  pod: Resource;
  settings: Map<string, FactSetting>;
}

/** kube-system's mirror pods of kube-apiserver, kube-controller-manager, kube-scheduler and etcd, with their flags. */
function* mirrorPods(context: PlatformContext): Generator<MirrorPod> {
  const programs = new Map(Object.entries(COMPONENT_NAMES).map(([c, name]) => [name, c as Component]));
  for (const pod of context.resources) {
    if (pod.kind !== 'Pod' || pod.apiVersion !== 'v1' || pod.namespace !== 'kube-system') continue;
    const annotations = asRecord(asRecord(pod.object.metadata)?.annotations);
    if (annotations?.[MIRROR_ANNOTATION] === undefined) continue;
    const container = asRecord(asArray(asRecord(pod.object.spec)?.containers)[0]);
    if (container === undefined) continue;
    const command = asArray(container.command)[0];
    const program = typeof command === 'string' ? command.split('/').pop() : undefined;
    const component = programs.get(program ?? '') ?? programs.get(pod.labels.component ?? '');
    if (component === undefined || component === 'kubelet') continue;
    const settings = new Map<string, FactSetting>();
    for (const flag of containerFlags(container)) settings.set(flag.name, { value: flag.value });
    yield { component, pod, settings };
  }
}

function uidOf(resource: Resource): { uid?: string } {
  const uid = asRecord(resource.object.metadata)?.uid;
  return typeof uid === 'string' ? { uid } : {};
}

/** Managed and edge distributions that run their control plane where the API does not show it. */
function distributionOf(context: PlatformContext): string | undefined {
  const version = context.serverVersion;
  if (/\+k3s/.test(version))
    return 'k3s runs its control plane inside the k3s server process (no static pods); run `parapet node` on a server node';
  if (/-eks-/.test(version)) return 'Amazon EKS runs the control plane out of sight';
  if (/-gke\./.test(version)) return 'Google GKE runs the control plane out of sight';
  const providers = context.resources
    .filter((r) => r.kind === 'Node')
    .map((node) => String(asRecord(node.object.spec)?.providerID ?? ''));
  if (providers.some((id) => id.startsWith('azure://')))
    return 'Azure AKS runs the control plane out of sight';
  return undefined;
}

function hiddenControlPlane(context: PlatformContext, hidden: readonly Component[]): Note {
  const names = hidden.map((c) => COMPONENT_NAMES[c]).join(', ');
  const why =
    distributionOf(context) ?? 'a managed or external control plane, or Pods in kube-system not readable';
  return notAssessed(
    context.catalog,
    hidden.map((c) => COMPONENT_KINDS[c]),
    `not assessable from the API: no mirror pod of ${names} in kube-system (${why})`,
  );
}

/** Each Node's kubelet configuration through the API server's node proxy, where RBAC grants `nodes/proxy`. */
async function readKubelets(
  context: PlatformContext,
): Promise<{ facts: Omit<Parameters<typeof factResource>[0], 'index'>[]; notes: Note[] }> {
  const nodes = context.resources.filter((r) => r.kind === 'Node' && r.apiVersion === 'v1');
  const failures = new Map<string, string[]>();
  const facts = await Promise.all(
    nodes.map(async (node) => {
      const path = `/api/v1/nodes/${encodeURIComponent(node.name)}/proxy/configz`;
      try {
        // a kubelet that does not answer the proxy stays down for a while: one retry, not the lists' five tries
        const body = await context.api.get(path, 'application/json', 2);
        const config = asRecord(body.kubeletconfig);
        if (config === undefined) throw new Error('no kubeletconfig in the answer');
        const settings = new Map<string, FactSetting>(
          Object.entries(CONFIGZ_ZERO_VALUES).map(([name, value]) => [name, { value, builtIn: true }]),
        );
        for (const field of scalarFields(config)) settings.set(field.name, { value: field.value });
        return {
          apiVersion: NODE_API_VERSION,
          kind: COMPONENT_KINDS.kubelet,
          name: node.name,
          ...uidOf(node),
          fields: { ...settingsFields(settings), source: { configz: path } },
          origin: uidOf(node),
        };
      } catch (error) {
        const why =
          error instanceof ApiError
            ? error.status === 403
              ? 'forbidden (needs get on nodes/proxy)'
              : error.status === 0
                ? error.reason
                : `${error.status} ${error.reason}`
            : String(error instanceof Error ? error.message : error);
        failures.set(why, [...(failures.get(why) ?? []), node.name]);
        return undefined;
      }
    }),
  );
  const notes: Note[] = [];
  for (const [why, names] of failures) {
    const shown =
      names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
    notes.push(
      notAssessed(
        context.catalog,
        [COMPONENT_KINDS.kubelet],
        `kubelet configuration (configz) of ${shown} not readable: ${why}`,
      ),
    );
  }
  return { facts: facts.filter((f) => f !== undefined), notes };
}

/** `… — PP-NODE-001..003 not assessed`: the cluster-fact rules that judge `kinds`. */
function notAssessed(catalog: readonly Rule[], kinds: readonly string[], message: string): Note {
  const ids = catalog
    .filter(
      (rule) => rule.meta.facts?.includes('cluster') && rule.meta.appliesTo.some((k) => kinds.includes(k)),
    )
    .map((rule) => rule.meta.id);
  return {
    level: 'warning',
    message: ids.length > 0 ? `${message} — ${ruleIdRanges(ids)} not assessed` : message,
  };
}
