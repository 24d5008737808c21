/**
 * Host-root fixture trees, built in a temporary directory by the tests with the modes and owners they set
 * (tests run as root in CI; where they do not, chown fails and ownership cases say so).
 */
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TreeFile {
  text: string;
  /** Default 0o600. */
  mode?: number;
  /** Default root (0). */
  uid?: number;
  gid?: number;
}

export type Tree = Record<string, string | TreeFile>;

/** Placeholder key material: the tests check that no byte of it ever reaches a report. */
export const FAKE_KEY = '-----BEGIN PRIVATE KEY-----\nPARAPET-TEST-KEY-MATERIAL\n-----END PRIVATE KEY-----\n';
export const FAKE_CERT = '-----BEGIN CERTIFICATE-----\nPARAPET-TEST-CERT\n-----END CERTIFICATE-----\n';
export const FAKE_KUBECONFIG =
  'apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    token: PARAPET-TEST-TOKEN\n';

export function buildTree(tree: Tree): { root: string; remove: () => void } {
  const root = mkdtempSync(path.join(tmpdir(), 'parapet-node-'));
  for (const [hostPath, entry] of Object.entries(tree)) {
    const file = typeof entry === 'string' ? { text: entry } : entry;
    const real = path.join(root, hostPath);
    mkdirSync(path.dirname(real), { recursive: true });
    writeFileSync(real, file.text);
    chmodSync(real, file.mode ?? 0o600);
    if (process.getuid?.() === 0) chownSync(real, file.uid ?? 0, file.gid ?? 0);
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** A static pod manifest whose container runs `command`. */
export function staticPod(name: string, command: readonly string[]): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: kube-system
spec:
  hostNetwork: true
  containers:
  - name: ${name}
    image: registry.k8s.io/${name}:v1.31.0
    command:
${command.map((arg) => `    - ${arg}`).join('\n')}
`;
}

export const SSHD_CARELESS = `# careless: passwords, root, every address
PasswordAuthentication yes
PermitRootLogin yes
`;

export const SSHD_HARDENED: Tree = {
  '/etc/ssh/sshd_config': `Include /etc/ssh/sshd_config.d/*.conf
PasswordAuthentication yes
ListenAddress 10.20.0.5
Match User backup
  PermitRootLogin yes
`,
  // sshd takes the first value: the included file's "no" wins over the main file's later "yes"
  '/etc/ssh/sshd_config.d/10-hardening.conf': 'PasswordAuthentication no\nPermitRootLogin no\n',
};
