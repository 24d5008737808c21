/**
 * k3s: one `k3s server` (or `k3s agent`) process runs every component; their flags are k3s's built-in choices,
 * overridden by `<component>-arg` entries of /etc/rancher/k3s/config.yaml(.d) and the unit's ExecStart.
 */
import type { ComponentFacts } from './components.js';
import { readEtcdConfigFile } from './etcd-config.js';
import type { HostRoot } from './host.js';
import { kubeletFlagSettings, readKubeletDropIns } from './kubelet.js';
import { type Layout, type LayoutRead, notAssessable } from './layout.js';
import { componentFlags, type RancherConfig, readRancherConfig } from './rancher.js';
import { builtIns, type Settings } from './settings.js';

/** The flags k3s and RKE2 give the components they start, unless told otherwise. */
export const RANCHER_BUILT_INS = {
  apiserver: { 'anonymous-auth': 'false', 'authorization-mode': 'Node,RBAC', profiling: 'false' },
  'controller-manager': { profiling: 'false' },
  scheduler: { profiling: 'false' },
  kubelet: {
    'anonymous-auth': 'false',
    'authentication-token-webhook': 'true',
    'authorization-mode': 'Webhook',
    'read-only-port': '0',
    'protect-kernel-defaults': 'false',
  },
} as const;

export interface RancherPaths {
  config: string;
  units: readonly string[];
  dataDir: string;
}

/**
 * The kubelet of k3s or RKE2: built-ins, the drop-ins of its config dir (`kubelet-arg: [config-dir=...]`, else the
 * agent's kubelet.conf.d that k3s and RKE2 pass it), then `kubelet-arg` and the top-level option.
 */
export async function rancherKubelet(
  host: HostRoot,
  config: RancherConfig,
  paths: RancherPaths,
  protectKernelDefaults: Settings,
): Promise<ComponentFacts> {
  const settings: Settings = new Map(kubeletFlagSettings(builtIns(RANCHER_BUILT_INS.kubelet, paths.config)));
  const flags = componentFlags(config, 'kubelet', new Map());
  const configDir = flags.get('config-dir')?.value ?? `${paths.dataDir}/agent/etc/kubelet.conf.d`;
  for (const entry of await readKubeletDropIns(host, configDir)) settings.set(...entry);
  for (const entry of kubeletFlagSettings(flags)) settings.set(...entry);
  for (const entry of protectKernelDefaults) settings.set(...entry);
  return { component: 'kubelet', file: paths.config, settings };
}

/** The top-level `protect-kernel-defaults` option, as the kubelet field it sets. */
export function protectKernelDefaultsOption(config: RancherConfig): Settings {
  const option = config.options.get('protect-kernel-defaults');
  return option ? new Map([['protectKernelDefaults', option]]) : new Map();
}

const PATHS: RancherPaths = {
  config: '/etc/rancher/k3s/config.yaml',
  units: ['/etc/systemd/system/k3s.service', '/etc/systemd/system/k3s-agent.service'],
  dataDir: '/var/lib/rancher/k3s',
};
const ENCRYPTION_CONFIG = `${PATHS.dataDir}/server/cred/encryption-config.json`;
const ETCD_CONFIG = `${PATHS.dataDir}/server/db/etcd/config`;
/** How k3s connects kube-apiserver to its datastore: embedded etcd with its client certificate, or kine locally. */
const EMBEDDED_ETCD_CLIENT = {
  'etcd-cafile': `${PATHS.dataDir}/server/tls/etcd/server-ca.crt`,
  'etcd-certfile': `${PATHS.dataDir}/server/tls/etcd/client.crt`,
  'etcd-keyfile': `${PATHS.dataDir}/server/tls/etcd/client.key`,
};
const KINE_CLIENT = { 'etcd-servers': 'unix://kine.sock' };

export const K3S: Layout = {
  name: 'k3s',
  markers: [PATHS.config, ...PATHS.units, PATHS.dataDir],
  async read(host) {
    const config = await readRancherConfig(host, PATHS.config, PATHS.units);
    const out: LayoutRead = {
      components: [],
      notes: [],
      files: {
        kubeconfigs: ['/etc/rancher/k3s/k3s.yaml', ...(await kubeconfigsUnder(host, PATHS.dataDir))],
        pkiDirs: [`${PATHS.dataDir}/server/tls`, `${PATHS.dataDir}/agent`],
        configs: [PATHS.config],
      },
    };
    const server =
      (await host.exists(`${PATHS.dataDir}/server`)) ||
      /\bk3s\s+\\?\s*server\b/.test((await host.read(PATHS.units[0] as string)) ?? '');
    if (server) {
      const etcd = await readEtcdConfigFile(host, ETCD_CONFIG);
      for (const component of ['apiserver', 'controller-manager', 'scheduler'] as const) {
        const builtIn = builtIns(RANCHER_BUILT_INS[component], PATHS.config);
        if (component === 'apiserver')
          for (const [name, setting] of builtIns(etcd ? EMBEDDED_ETCD_CLIENT : KINE_CLIENT, PATHS.config))
            builtIn.set(name, setting);
        const encryption = config.options.get('secrets-encryption');
        if (component === 'apiserver' && encryption?.value === 'true')
          builtIn.set('encryption-provider-config', { ...encryption, value: ENCRYPTION_CONFIG });
        out.components.push({
          component,
          file: PATHS.config,
          settings: componentFlags(config, component, builtIn),
        });
      }
      if (etcd)
        out.components.push({
          component: 'etcd',
          file: ETCD_CONFIG,
          settings: componentFlags(config, 'etcd', etcd),
        });
      else
        out.notes.push(notAssessable('etcd', [ETCD_CONFIG]), {
          level: 'info',
          message:
            'k3s without embedded etcd keeps its data in SQLite (kine) or the datastore-endpoint; judge that store on its own host',
        });
    } else {
      for (const component of ['apiserver', 'controller-manager', 'scheduler', 'etcd'] as const)
        out.notes.push(notAssessable(component, [`${PATHS.dataDir}/server`, PATHS.units[0] as string]));
    }
    out.components.push(await rancherKubelet(host, config, PATHS, protectKernelDefaultsOption(config)));
    return out;
  },
};

/** The `*.kubeconfig` files k3s and RKE2 write for their components. */
export async function kubeconfigsUnder(host: HostRoot, dataDir: string): Promise<string[]> {
  const dirs = [`${dataDir}/server/cred`, `${dataDir}/agent`];
  const lists = await Promise.all(dirs.map((dir) => host.list(dir)));
  return lists.flat().filter((file) => file.endsWith('.kubeconfig'));
}
