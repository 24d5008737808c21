/** Reads a host root into the facts node rules judge: the distribution's components, sensitive files, sshd. */
import type { Note } from '../findings/finding.js';
import { componentFact, fileFact, type NodeFact, sshdFact } from './components.js';
import { readEncryptionConfig } from './encryption.js';
import { readEtcdConfigFile } from './etcd-config.js';
import { sensitiveFiles } from './files.js';
import { HostRoot } from './host.js';
import { K3S } from './k3s.js';
import { KUBEADM } from './kubeadm.js';
import { type Distribution, type Layout, notAssessable } from './layout.js';
import { RKE2 } from './rke2.js';
import { readSshdConfig, SSHD_CONFIG } from './sshd.js';

/** In detection order: k3s and RKE2 before kubeadm, whose markers are generic Kubernetes paths. */
const LAYOUTS: readonly Layout[] = [RKE2, K3S, KUBEADM];

export class NoDistributionError extends Error {
  override name = 'NoDistributionError';
}

export interface NodeRead {
  distribution: Distribution;
  facts: NodeFact[];
  notes: Note[];
}

async function detect(host: HostRoot): Promise<Layout> {
  for (const layout of LAYOUTS)
    for (const marker of layout.markers) if (await host.exists(marker)) return layout;
  const looked = LAYOUTS.flatMap((layout) => layout.markers).join(', ');
  throw new NoDistributionError(`no kubeadm, k3s or RKE2 files under ${host.root} (looked at ${looked})`);
}

export async function readNode(root: string, distribution: Distribution | 'auto'): Promise<NodeRead> {
  const host = new HostRoot(root);
  const layout =
    distribution === 'auto' ? await detect(host) : (LAYOUTS.find((l) => l.name === distribution) as Layout);
  const read = await layout.read(host);
  const notes: Note[] = [
    {
      level: 'info',
      message:
        distribution === 'auto'
          ? `distribution: ${layout.name} (detected under ${root})`
          : `distribution: ${layout.name} (as given)`,
    },
    ...read.notes,
  ];
  const facts: NodeFact[] = [];
  for (const component of read.components) {
    const etcdConfig = component.component === 'etcd' ? component.settings.get('config-file') : undefined;
    if (etcdConfig) {
      const settings = await readEtcdConfigFile(host, etcdConfig.value);
      if (!settings) {
        notes.push(notAssessable('etcd', [etcdConfig.value]));
        continue;
      }
      component.settings = settings;
      component.file = etcdConfig.value;
    }
    const providerConfig = component.settings.get('encryption-provider-config');
    if (component.component === 'apiserver' && providerConfig) {
      component.encryption = await readEncryptionConfig(host, providerConfig.value);
      if ('providers' in component.encryption)
        notes.push({
          level: 'info',
          message: `secrets encryption: ${component.encryption.providers.join(', ') || 'no provider for Secrets'} (${component.encryption.file})`,
        });
      else
        notes.push({
          level: 'warning',
          message: `not assessable: which provider encrypts Secrets: ${component.encryption.file}: ${component.encryption.unreadable}`,
          file: providerConfig.file,
          ...(providerConfig.line === undefined ? {} : { line: providerConfig.line }),
        });
    }
    facts.push(componentFact(component, facts.length));
  }
  for (const file of await sensitiveFiles(host, read.files))
    facts.push(fileFact(file.path, file.role, file.facts, facts.length));
  const sshd = await readSshdConfig(host);
  if (sshd) facts.push(sshdFact(SSHD_CONFIG, sshd, facts.length));
  else
    notes.push({
      level: 'warning',
      message: `not assessable: sshd configuration not found (looked at ${SSHD_CONFIG}); its checks did not run`,
    });
  return { distribution: layout.name, facts, notes };
}
