/**
 * PP-WL-006's list of dangerous capabilities, entry by entry (each reported, in any of the spellings the runtime
 * accepts, at its own list entry, saying what it allows), and the near misses that stay quiet.
 */
import { dangerousCapability } from '../../../src/rules/workloads/dangerous-capabilities.js';
import { type InvalidCase, ruleTester, type ValidCase } from '../../helpers/rule-tester.js';

/** Each dangerous capability with a word of what the message must say it allows. */
const DANGEROUS: [string, RegExp][] = [
  ['ALL', /every capability/],
  ['SYS_ADMIN', /mounts/],
  ['NET_ADMIN', /routes and firewall/],
  ['NET_RAW', /raw sockets/],
  ['SYS_PTRACE', /tracing and injecting code/],
  ['SYS_MODULE', /kernel modules/],
  ['DAC_READ_SEARCH', /reading any file/],
  ['SYS_RAWIO', /raw access to devices/],
  ['BPF', /eBPF/],
  ['PERFMON', /performance monitoring/],
  ['SYS_BOOT', /rebooting the node/],
  ['SYS_TIME', /clock/],
  ['MAC_ADMIN', /changing AppArmor or SELinux policy/],
  ['MAC_OVERRIDE', /bypassing AppArmor or SELinux/],
  ['SYSLOG', /kernel logs/],
];

/** Capabilities a container may add without crossing its isolation, and names one letter off a dangerous one. */
const HARMLESS = [
  'NET_BIND_SERVICE',
  'CHOWN',
  'SETUID',
  'KILL',
  'SYS_CHROOT',
  'SYS_ADMINS',
  'NET_RAWX',
  'CAP_',
  '',
];

/** A Deployment whose second container (`app`) adds `caps`; the first (`proxy`) adds NET_BIND_SERVICE only. */
function deployment(caps: string[]): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: proxy
          image: envoyproxy/envoy:v1.31.0
          securityContext: {capabilities: {add: [NET_BIND_SERVICE]}}
        - name: app
          image: nginx:1.27
          securityContext:
            capabilities:
              add: [${caps.map((c) => JSON.stringify(c)).join(', ')}]
`;
}

const at = (i: number) => `spec.template.spec.containers[1].securityContext.capabilities.add[${i}]`;
const WITH_NET_RAW = ['5.2.9', '5.2.8'];
const WITHOUT_NET_RAW = ['5.2.9'];

const valid: ValidCase[] = HARMLESS.map((cap) => ({
  name: `adding ${JSON.stringify(cap)}`,
  yaml: deployment([cap]),
}));
valid.push({ name: 'adding several harmless ones', yaml: deployment(HARMLESS) });

const invalid: InvalidCase[] = [];
for (const [cap, allows] of DANGEROUS) {
  for (const spelling of [cap, `CAP_${cap}`, `cap_${cap.toLowerCase()}`, ` ${cap} `]) {
    invalid.push({
      name: `adding ${JSON.stringify(spelling)} (after a harmless one), in the second container`,
      yaml: deployment(['CHOWN', spelling]),
      errors: [
        {
          path: at(1),
          message: new RegExp(`container \`app\` .*adds capability ${cap}, which allows `),
          cis: cap === 'NET_RAW' ? WITH_NET_RAW : WITHOUT_NET_RAW,
        },
      ],
    });
  }
  invalid.push({
    name: `${cap}: the message says what it allows`,
    yaml: deployment([cap]),
    errors: [{ path: at(0), message: allows }],
  });
}
invalid.push(
  {
    name: 'every dangerous capability at once: one finding each, in list order',
    yaml: deployment(DANGEROUS.map(([cap]) => cap)),
    errors: DANGEROUS.map(([cap], i) => ({ path: at(i), message: new RegExp(`adds capability ${cap},`) })),
  },
  {
    name: 'extraDangerous, written with the CAP_ prefix in lower case, adds to the list',
    yaml: deployment(['SYS_CHROOT', 'CHOWN']),
    params: { extraDangerous: ['cap_sys_chroot'] },
    errors: [{ path: at(0), message: /adds capability SYS_CHROOT, which your policy lists as dangerous;/ }],
  },
);
valid.push({
  name: 'extraDangerous names only what it names',
  yaml: deployment(['SETUID']),
  params: { extraDangerous: ['SYS_CHROOT'] },
});

ruleTester(dangerousCapability, { valid, invalid });
