/**
 * kubeadm: control-plane components as static pods in /etc/kubernetes/manifests; the kubelet from its
 * configuration file and the flags the systemd drop-in assembles from environment files.
 */
import type { Component, ComponentFacts } from './components.js';
import type { HostRoot } from './host.js';
import { KUBELET_DEFAULTS, kubeletFlagSettings, readKubeletConfig, readKubeletDropIns } from './kubelet.js';
import { type Layout, type LayoutRead, notAssessable } from './layout.js';
import { builtIns, flagsInText, type Setting, type Settings } from './settings.js';
import { readStaticPod } from './static-pods.js';

const MANIFESTS = '/etc/kubernetes/manifests';
export const STATIC_POD_FILES: Readonly<Record<Exclude<Component, 'kubelet'>, string>> = {
  apiserver: 'kube-apiserver.yaml',
  'controller-manager': 'kube-controller-manager.yaml',
  scheduler: 'kube-scheduler.yaml',
  etcd: 'etcd.yaml',
};
const KUBELET_CONFIG = '/var/lib/kubelet/config.yaml';
const KUBELET_DROP_IN_DIRS = [
  '/usr/lib/systemd/system/kubelet.service.d',
  '/lib/systemd/system/kubelet.service.d',
  '/etc/systemd/system/kubelet.service.d',
];
const KUBELET_ENV_FILES = [
  '/var/lib/kubelet/kubeadm-flags.env',
  '/etc/default/kubelet',
  '/etc/sysconfig/kubelet',
];

/** Static pods of a manifests directory (kubeadm's, RKE2's), with a note for each one missing. */
export async function readStaticPods(host: HostRoot, dir: string, out: LayoutRead): Promise<void> {
  for (const [component, name] of Object.entries(STATIC_POD_FILES) as [Component, string][]) {
    const file = `${dir}/${name}`;
    const settings = await readStaticPod(host, file);
    if (settings) out.components.push({ component, file, settings });
    else out.notes.push(notAssessable(component, [file]));
  }
}

/** Flags from unit drop-ins and environment files, in the order systemd applies them (later wins). */
async function kubeletFlags(host: HostRoot): Promise<[string, Setting][]> {
  const files = [
    ...(await Promise.all(KUBELET_DROP_IN_DIRS.map((dir) => host.list(dir)))).flat(),
    ...KUBELET_ENV_FILES,
  ];
  const flags: [string, Setting][] = [];
  for (const file of files) {
    const text = await host.read(file);
    if (text === undefined) continue;
    for (const flag of flagsInText(text))
      flags.push([flag.name, { value: flag.value, file, line: flag.line }]);
  }
  return flags;
}

async function readKubelet(host: HostRoot): Promise<ComponentFacts | undefined> {
  const flags = await kubeletFlags(host);
  const configFile = flags.findLast(([name]) => name === 'config')?.[1].value ?? KUBELET_CONFIG;
  const config = await readKubeletConfig(host, configFile);
  if (config === undefined && flags.length === 0) return undefined;
  const defaults = builtIns(config ? KUBELET_DEFAULTS.configFile : KUBELET_DEFAULTS.flagsOnly, configFile);
  // `--config-dir` drop-ins override the file's fields; flags override both
  const configDir = flags.findLast(([name]) => name === 'config-dir')?.[1].value;
  const dropIns = configDir === undefined ? [] : await readKubeletDropIns(host, configDir);
  const settings: Settings = new Map([
    ...defaults,
    ...(config ?? []),
    ...dropIns,
    ...kubeletFlagSettings(flags),
  ]);
  return { component: 'kubelet', file: configFile, settings };
}

export const KUBEADM: Layout = {
  name: 'kubeadm',
  markers: [MANIFESTS, '/etc/kubernetes/kubelet.conf', KUBELET_CONFIG],
  async read(host) {
    const out: LayoutRead = {
      components: [],
      notes: [],
      files: {
        kubeconfigs: ['admin', 'super-admin', 'controller-manager', 'scheduler', 'kubelet'].map(
          (name) => `/etc/kubernetes/${name}.conf`,
        ),
        pkiDirs: ['/etc/kubernetes/pki'],
        configs: [KUBELET_CONFIG, ...Object.values(STATIC_POD_FILES).map((name) => `${MANIFESTS}/${name}`)],
      },
    };
    await readStaticPods(host, MANIFESTS, out);
    const kubelet = await readKubelet(host);
    if (kubelet) out.components.push(kubelet);
    else
      out.notes.push(
        notAssessable('kubelet', [KUBELET_CONFIG, ...KUBELET_DROP_IN_DIRS, ...KUBELET_ENV_FILES]),
      );
    return out;
  },
};
