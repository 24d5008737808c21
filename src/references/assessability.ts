/**
 * Controls that no rule can judge from Kubernetes objects: they concern control-plane flags, node files, the
 * kubelet's configuration, image contents or runtime behaviour. `parapet scan --framework` lists them as "not
 * assessable from manifests" so a coverage table never reads as a clean bill of health for them.
 *
 * Deliberately small and honest: a control appears here only when no manifest can show it either way, and no
 * rule cites it (a control that some rule judges even in part is not listed). Controls that a rule could judge
 * but none does yet are simply not listed: the coverage view shows only what rules cite and what is listed here.
 */
import type { Framework, Reference } from './frameworks.js';

export interface NotAssessableControl extends Reference {
  /** Why objects cannot show it, in a few words. */
  reason: string;
}

const CONTROL_PLANE = 'control-plane flags and files on the control-plane nodes';
const NODE = 'node files and kubelet configuration on each node';
const IMAGE = 'the contents of images, which manifests only name';
const RUNTIME = 'what happens at run time, not what is declared';

function list(framework: Framework, entries: [id: string, title: string, reason: string][]) {
  return entries.map(([id, title, reason]): NotAssessableControl => ({ framework, id, title, reason }));
}

export const NOT_ASSESSABLE: Readonly<Record<Framework, readonly NotAssessableControl[]>> = {
  CIS: list('CIS', [
    ['1.1', 'Control plane node configuration files', CONTROL_PLANE],
    ['1.2', 'API server', CONTROL_PLANE],
    ['1.3', 'Controller manager', CONTROL_PLANE],
    ['1.4', 'Scheduler', CONTROL_PLANE],
    ['2', 'etcd', 'etcd flags and certificates on the etcd nodes'],
    ['3.1', 'Authentication and authorization (control plane configuration)', CONTROL_PLANE],
    ['3.2', 'Logging (audit policy)', CONTROL_PLANE],
    ['4.1', 'Worker node configuration files', NODE],
    ['4.2', 'Kubelet', NODE],
  ]),
  'NSA-CISA': list('NSA-CISA', [
    ['Network separation: control plane hardening', 'Control plane hardening', CONTROL_PLANE],
    [
      'Network separation: worker node segmentation',
      'Worker node segmentation',
      'the network around the nodes',
    ],
    ['Authentication and authorization: authentication', 'User authentication', CONTROL_PLANE],
  ]),
  OWASP: list('OWASP', [
    ['Securing Kubernetes hosts', 'Secure and patch the hosts', NODE],
    ['Updating Kubernetes', 'Keep Kubernetes up to date', 'the versions actually running'],
    ['Controlling access to the Kubernetes API', 'API server authentication and TLS', CONTROL_PLANE],
    [
      'Restricting Access To etcd',
      'Restrict access to etcd',
      'etcd flags and certificates on the etcd nodes',
    ],
  ]),
  'NIST-800-190': list('NIST-800-190', [
    ['3.1.1', 'Image vulnerabilities', IMAGE],
    ['3.1.3', 'Embedded malware', IMAGE],
    ['3.2.1', 'Insecure connections to registries', 'registry and node runtime configuration'],
    ['3.3.5', 'Orchestrator node trust', NODE],
    ['3.4.1', 'Vulnerabilities within the runtime software', 'the container runtime installed on each node'],
    ['3.4.5', 'Rogue containers', RUNTIME],
    ['3.5.1', 'Large attack surface', 'the host operating system'],
    ['3.5.3', 'Host OS component vulnerabilities', 'the host operating system'],
    ['3.5.4', 'Improper user access rights', 'accounts on the hosts'],
  ]),
  'MS-TMK': list('MS-TMK', [
    ['MS-TA9003', 'Kubeconfig file', 'credentials held outside the cluster'],
    ['MS-TA9007', 'Bash/cmd inside container', RUNTIME],
    ['MS-TA9010', 'SSH server running inside container', IMAGE],
    ['MS-TA9023', 'Pod or container name similarity', RUNTIME],
    ['MS-TA9024', 'Connect from proxy server', RUNTIME],
  ]),
  // Every Pod Security Standards control is a property of the pod spec: all of them are judged from objects.
  PSS: [],
};

export function notAssessable(framework: Framework): readonly NotAssessableControl[] {
  return NOT_ASSESSABLE[framework];
}
