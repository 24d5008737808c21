/**
 * Sysctls can reach past the pod to the node: only the "safe" set, namespaced per pod and isolated from other pods,
 * is allowed. The set grows with kernel namespacing (v1.27, v1.29, v1.32, v1.37).
 */
import type { FieldPath } from '../../../inventory/field-path.js';
import type { Denial, PodView, PssCheck } from '../check.js';
import { asList, asRecord, podContextPath, podSecurityContext, stringField } from '../pod-fields.js';

export const SAFE_V1_0 = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
export const SAFE_V1_27 = [...SAFE_V1_0, 'net.ipv4.ip_local_reserved_ports'];
export const SAFE_V1_29 = [
  ...SAFE_V1_27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
export const SAFE_V1_32 = [...SAFE_V1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
export const SAFE_V1_37 = [...SAFE_V1_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];

export const sysctls: PssCheck = {
  id: 'sysctls',
  level: 'baseline',
  versions: [
    { minVersion: 'v1.0', evaluate: sysctlsAllowing(SAFE_V1_0) },
    { minVersion: 'v1.27', evaluate: sysctlsAllowing(SAFE_V1_27) },
    { minVersion: 'v1.29', evaluate: sysctlsAllowing(SAFE_V1_29) },
    { minVersion: 'v1.32', evaluate: sysctlsAllowing(SAFE_V1_32) },
    { minVersion: 'v1.37', evaluate: sysctlsAllowing(SAFE_V1_37) },
  ],
};

function sysctlsAllowing(safeNames: readonly string[]) {
  const safe = new Set(safeNames);
  return ({ spec }: PodView): Denial | undefined => {
    const forbidden: string[] = [];
    const paths: FieldPath[] = [];
    asList(podSecurityContext(spec)?.sysctls).forEach((item, index) => {
      const sysctl = asRecord(item);
      if (sysctl === undefined) return;
      const name = stringField(sysctl, 'name');
      if (safe.has(name)) return;
      forbidden.push(name);
      paths.push(podContextPath('sysctls', index, 'name'));
    });
    if (forbidden.length === 0) return undefined;
    return { reason: 'forbidden sysctls', detail: forbidden.join(', '), paths };
  };
}
