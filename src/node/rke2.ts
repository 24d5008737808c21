/**
 * RKE2: control-plane components as static pods it writes to /var/lib/rancher/rke2/agent/pod-manifests from
 * /etc/rancher/rke2/config.yaml; the kubelet is a process, judged as for k3s. `profile: cis` turns on
 * protect-kernel-defaults.
 */

import { kubeconfigsUnder, protectKernelDefaultsOption, type RancherPaths, rancherKubelet } from './k3s.js';
import { readStaticPods } from './kubeadm.js';
import type { Layout, LayoutRead } from './layout.js';
import { readRancherConfig } from './rancher.js';

const PATHS: RancherPaths = {
  config: '/etc/rancher/rke2/config.yaml',
  units: [
    '/etc/systemd/system/rke2-server.service',
    '/usr/local/lib/systemd/system/rke2-server.service',
    '/usr/lib/systemd/system/rke2-server.service',
  ],
  dataDir: '/var/lib/rancher/rke2',
};
const MANIFESTS = `${PATHS.dataDir}/agent/pod-manifests`;

export const RKE2: Layout = {
  name: 'rke2',
  markers: [PATHS.config, PATHS.dataDir],
  async read(host) {
    const config = await readRancherConfig(host, PATHS.config, PATHS.units);
    const out: LayoutRead = {
      components: [],
      notes: [],
      files: {
        kubeconfigs: ['/etc/rancher/rke2/rke2.yaml', ...(await kubeconfigsUnder(host, PATHS.dataDir))],
        pkiDirs: [`${PATHS.dataDir}/server/tls`, `${PATHS.dataDir}/agent`],
        configs: [PATHS.config, ...(await host.list(MANIFESTS))],
      },
    };
    await readStaticPods(host, MANIFESTS, out);
    const protect = protectKernelDefaultsOption(config);
    const profile = config.options.get('profile');
    if (protect.size === 0 && profile?.value.startsWith('cis'))
      protect.set('protectKernelDefaults', { ...profile, value: 'true' });
    out.components.push(await rancherKubelet(host, config, PATHS, protect));
    return out;
  },
};
