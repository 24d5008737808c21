import { POD_CONTROLLER_KINDS } from '../../inventory/pod-specs.js';
import { CIS, MS_TMK, NIST } from '../../references/controls.js';
import { appContainer, webDeployment } from '../examples.js';
import { asArray, asRecord, describeContainer, securityContextOf } from '../helpers.js';
import { containerPath, type PodRule } from '../types.js';

const WITHOUT_NET_RAW = [CIS.addedCapabilities, MS_TMK.privilegedContainer, NIST.runtimeConfiguration];
const WITH_NET_RAW = [
  CIS.addedCapabilities,
  CIS.netRaw,
  MS_TMK.privilegedContainer,
  NIST.runtimeConfiguration,
];

/** Capabilities that give a container a way onto the node or into its neighbours, with what each one allows. */
export const DANGEROUS: Readonly<Record<string, string>> = {
  ALL: 'every capability, as good as privileged',
  SYS_ADMIN: "mounts, namespaces and most of root's powers",
  NET_ADMIN: "reconfiguring the pod's interfaces, routes and firewall",
  NET_RAW: 'raw sockets for ARP and DNS spoofing on the node network',
  SYS_PTRACE: 'tracing and injecting code into other processes',
  SYS_MODULE: 'loading kernel modules',
  DAC_READ_SEARCH: 'reading any file and open_by_handle_at container escapes',
  SYS_RAWIO: 'raw access to devices and memory',
  BPF: 'loading eBPF programs into the kernel',
  PERFMON: 'kernel performance monitoring and tracing',
  SYS_BOOT: 'rebooting the node',
  SYS_TIME: "setting the node's clock",
  MAC_ADMIN: 'changing AppArmor or SELinux policy',
  MAC_OVERRIDE: 'bypassing AppArmor or SELinux',
  SYSLOG: 'reading kernel logs and addresses',
};

interface Params {
  extraDangerous: string[];
}

/** `cap_sys_admin` and `SYS_ADMIN` name the same capability. */
export function normalise(name: string): string {
  return name.trim().toUpperCase().replace(/^CAP_/, '');
}

/** One finding per dangerous capability in `securityContext.capabilities.add`, at its list entry. */
export const dangerousCapability: PodRule<Params> = {
  meta: {
    id: 'PP-WL-006',
    title: 'Dangerous capability added',
    chapter: 'workloads',
    severity: 'high',
    recommendation:
      'Never add capabilities that reach the kernel, the node or other processes (SYS_ADMIN, NET_ADMIN, NET_RAW, SYS_PTRACE...).',
    rationale:
      'Each of these capabilities hands the container a piece of root that crosses its isolation: SYS_ADMIN alone allows most known container escapes, NET_RAW lets it spoof traffic on the node network, SYS_PTRACE lets it take over other processes.',
    remediation:
      'Remove the capability from `securityContext.capabilities.add`, drop ALL, and run the privileged part as a separate, audited component if it is really needed.',
    references: WITH_NET_RAW,
    params: {
      schema: {
        type: 'object',
        properties: {
          extraDangerous: {
            type: 'array',
            items: { type: 'string' },
            description:
              'More capabilities to report, e.g. ["SYS_CHROOT"] (with or without the CAP_ prefix).',
          },
        },
        additionalProperties: false,
      },
      defaults: { extraDangerous: [] },
    },
    appliesTo: POD_CONTROLLER_KINDS,
    examples: {
      fail: webDeployment({
        containers: appContainer('nginx:1.27', 'securityContext:', '  capabilities: {add: [NET_ADMIN]}'),
      }),
      pass: webDeployment({
        containers: appContainer(
          'nginx:1.27',
          'securityContext:',
          '  capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}',
        ),
      }),
    },
  },
  target: 'pod',
  *check(pod, context) {
    const extra = new Set(
      asArray(context.params?.extraDangerous)
        .filter((c): c is string => typeof c === 'string')
        .map(normalise),
    );
    for (const container of pod.containers) {
      const added = asArray(asRecord(securityContextOf(container).capabilities)?.add);
      for (const [i, entry] of added.entries()) {
        if (typeof entry !== 'string') continue;
        const name = normalise(entry);
        const danger = Object.hasOwn(DANGEROUS, name) ? DANGEROUS[name] : undefined;
        if (danger === undefined && !extra.has(name)) continue;
        const why = danger === undefined ? 'which your policy lists as dangerous' : `which allows ${danger}`;
        yield {
          path: containerPath(pod, container, 'securityContext', 'capabilities', 'add', i),
          message: `${describeContainer(pod, container)} adds capability ${name}, ${why}; remove it from \`securityContext.capabilities.add\``,
          // CIS 5.2.8 is about NET_RAW alone
          references: name === 'NET_RAW' ? WITH_NET_RAW : WITHOUT_NET_RAW,
        };
      }
    }
  },
};
