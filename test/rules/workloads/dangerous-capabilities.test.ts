import { dangerousCapability } from '../../../src/rules/workloads/dangerous-capabilities.js';
import { backupCronJob, webDeployment as deployment } from '../../helpers/manifests.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const FIX = 'remove it from `securityContext.capabilities.add`';

ruleTester(dangerousCapability, {
  valid: [
    {
      name: 'the pass example: drop ALL, add NET_BIND_SERVICE',
      yaml: dangerousCapability.meta.examples?.pass ?? '',
    },
    {
      name: 'dropping dangerous capabilities is fine',
      yaml: deployment(`      containers:
        - {name: app, image: app:1, securityContext: {capabilities: {drop: [NET_RAW, SYS_ADMIN]}}}`),
    },
    {
      name: 'capabilities in the runtime default set (other rules speak to those)',
      yaml: deployment(`      containers:
        - {name: app, image: app:1, securityContext: {capabilities: {add: [CHOWN, SETUID, SYS_CHROOT]}}}`),
    },
    {
      name: 'malformed: add not a list, entries not strings, capabilities null',
      yaml: deployment(`      containers:
        - {name: a, image: a:1, securityContext: {capabilities: {add: SYS_ADMIN}}}
        - {name: b, image: b:1, securityContext: {capabilities: {add: [null, 7, {x: 1}]}}}
        - {name: c, image: c:1, securityContext: {capabilities: null}}`),
    },
  ],
  invalid: [
    {
      name: 'the fail example: NET_ADMIN',
      yaml: dangerousCapability.meta.examples?.fail ?? '',
      errors: [
        {
          message: `container \`app\` in Deployment \`shop/web\` adds capability NET_ADMIN, which allows reconfiguring the pod's interfaces, routes and firewall; ${FIX}`,
          path: 'spec.template.spec.containers[0].securityContext.capabilities.add[0]',
          severity: 'high',
        },
      ],
    },
    {
      name: 'one finding per dangerous capability, at its list entry; CAP_ prefix and case ignored',
      yaml: deployment(`      containers:
        - name: app
          image: app:1
          securityContext:
            capabilities: {add: [NET_BIND_SERVICE, cap_sys_admin, SYS_PTRACE]}`),
      errors: [
        {
          message: `container \`app\` in Deployment \`shop/web\` adds capability SYS_ADMIN, which allows mounts, namespaces and most of root's powers; ${FIX}`,
          path: 'spec.template.spec.containers[0].securityContext.capabilities.add[1]',
        },
        {
          message: `container \`app\` in Deployment \`shop/web\` adds capability SYS_PTRACE, which allows tracing and injecting code into other processes; ${FIX}`,
          path: 'spec.template.spec.containers[0].securityContext.capabilities.add[2]',
        },
      ],
    },
    {
      name: 'ALL, in an init container',
      yaml: deployment(`      initContainers:
        - {name: setup, image: setup:1, securityContext: {capabilities: {add: [ALL]}}}
      containers: [{name: app, image: app:1}]`),
      errors: [
        {
          message: `init container \`setup\` in Deployment \`shop/web\` adds capability ALL, which allows every capability, as good as privileged; ${FIX}`,
          path: 'spec.template.spec.initContainers[0].securityContext.capabilities.add[0]',
        },
      ],
    },
    {
      name: 'extraDangerous adds capabilities to report; only NET_RAW cites CIS 5.2.8',
      params: { extraDangerous: ['cap_sys_chroot'] },
      yaml: deployment(`      containers:
        - {name: app, image: app:1, securityContext: {capabilities: {add: [SYS_CHROOT, NET_RAW]}}}`),
      errors: [
        {
          message: `container \`app\` in Deployment \`shop/web\` adds capability SYS_CHROOT, which your policy lists as dangerous; ${FIX}`,
          path: 'spec.template.spec.containers[0].securityContext.capabilities.add[0]',
          cis: ['5.2.9'],
        },
        {
          message: `container \`app\` in Deployment \`shop/web\` adds capability NET_RAW, which allows raw sockets for ARP and DNS spoofing on the node network; ${FIX}`,
          path: 'spec.template.spec.containers[0].securityContext.capabilities.add[1]',
          cis: ['5.2.9', '5.2.8'],
        },
      ],
    },
    {
      name: 'malformed extraDangerous is ignored, the built-in list still applies',
      params: { extraDangerous: 'SYS_CHROOT' },
      yaml: deployment(`      containers:
        - {name: app, image: app:1, securityContext: {capabilities: {add: [SYS_CHROOT, BPF]}}}`),
      errors: [{ message: /adds capability BPF, which allows loading eBPF programs/ }],
    },
    {
      name: 'a CronJob',
      yaml: backupCronJob(`          containers:
            - {name: dump, image: dump:1, securityContext: {capabilities: {add: [DAC_READ_SEARCH]}}}`),
      errors: [
        {
          message: `container \`dump\` in CronJob \`ops/backup\` adds capability DAC_READ_SEARCH, which allows reading any file and open_by_handle_at container escapes; ${FIX}`,
          path: 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.capabilities.add[0]',
        },
      ],
    },
  ],
});
