import { describeResource, type Resource } from '../../inventory/resource.js';
import { EXTRA_SUPPLY_CHAIN, MS_TMK, OWASP } from '../../references/controls.js';
import { asArray, asRecord } from '../helpers.js';
import { EXPOSED_SERVICE_TYPES } from '../network/exposed-service.js';
import type { ObjectRule, Violation } from '../types.js';

export interface PlainProtocol {
  label: string;
  /** Port names or appProtocols (without `kubernetes.io/`) that mean the plain protocol, and its TLS form. */
  plainNames: RegExp;
  tlsNames: RegExp;
  plainPorts: readonly number[];
  tlsPorts: readonly number[];
  fix: string;
}

/** Cleartext protocols worth flagging on an exposed Service, with how to recognise them and their TLS forms. */
export const PROTOCOLS: readonly PlainProtocol[] = [
  {
    label: 'HTTP',
    plainNames: /^(?:http2?|h2c|ws|web)(?:[-_].*)?$/,
    tlsNames: /^(?:https|wss|tls|ssl)(?:[-_].*)?$/,
    plainPorts: [80, 8080, 8000, 8888],
    tlsPorts: [443, 8443],
    fix: 'serve HTTPS (e.g. on 443) or put the Service behind an Ingress with TLS',
  },
  {
    label: 'MQTT',
    plainNames: /^(?:mqtt|ws-mqtt)(?:[-_].*)?$/,
    tlsNames: /^(?:mqtts|secure-mqtt|mqtt[-_]tls|mqtt[-_]ssl)(?:[-_].*)?$/,
    plainPorts: [1883],
    tlsPorts: [8883],
    fix: 'serve MQTT over TLS (8883) with client authentication',
  },
  {
    label: 'AMQP',
    plainNames: /^amqp(?:[-_].*)?$/,
    tlsNames: /^amqps(?:[-_].*)?$/,
    plainPorts: [5672],
    tlsPorts: [5671],
    fix: 'serve AMQP over TLS (5671)',
  },
  {
    label: 'Modbus/TCP',
    plainNames: /^modbus(?:[-_].*)?$/,
    tlsNames: /^(?:modbus[-_]?s|modbus[-_]tls|mbaps)(?:[-_].*)?$/,
    plainPorts: [502],
    tlsPorts: [802],
    fix: 'use Modbus/TCP Security (802) or keep the Service inside the cluster behind a gateway',
  },
  {
    label: 'FTP',
    plainNames: /^ftp(?:[-_].*)?$/,
    tlsNames: /^(?:ftps|sftp)(?:[-_].*)?$/,
    plainPorts: [21],
    tlsPorts: [990],
    fix: 'use SFTP or FTPS instead',
  },
  {
    label: 'Telnet',
    plainNames: /^telnet(?:[-_].*)?$/,
    tlsNames: /^$/,
    plainPorts: [23],
    tlsPorts: [],
    fix: 'replace it with SSH',
  },
];

/** Port names of another protocol: the number alone does not make such a port cleartext HTTP. */
export const OTHER_PROTOCOL_NAMES = /^(?:grpc|dns|ssh|sftp)(?:[-_].*)?$/;

/** appProtocol values may carry this prefix (`kubernetes.io/h2c`); names are matched without it. */
export const APP_PROTOCOL_PREFIX = 'kubernetes.io/';

type PortClass = { protocol: PlainProtocol; tls: boolean } | undefined;

function classifyPort(port: Record<string, unknown>): PortClass {
  const labels = [port.name, port.appProtocol]
    .filter((v): v is string => typeof v === 'string' && v !== '')
    .map((v) => v.toLowerCase())
    .map((v) => (v.startsWith(APP_PROTOCOL_PREFIX) ? v.slice(APP_PROTOCOL_PREFIX.length) : v));
  for (const protocol of PROTOCOLS) {
    if (labels.some((l) => protocol.tlsNames.test(l))) return { protocol, tls: true };
  }
  for (const protocol of PROTOCOLS) {
    if (labels.some((l) => protocol.plainNames.test(l))) return { protocol, tls: false };
  }
  if (labels.some((l) => OTHER_PROTOCOL_NAMES.test(l))) return undefined;
  const number = port.port;
  if (typeof number !== 'number') return undefined;
  for (const protocol of PROTOCOLS) {
    if (protocol.tlsPorts.includes(number)) return { protocol, tls: true };
    if (protocol.plainPorts.includes(number)) return { protocol, tls: false };
  }
  return undefined;
}

export const SSL_REDIRECT = 'nginx.ingress.kubernetes.io/ssl-redirect';

/** Cleartext protocols reachable from outside the cluster: credentials and data in clear on the site network. */
export const plainHttp: ObjectRule = {
  meta: {
    id: 'PP-WL-041',
    title: 'Plain HTTP exposed outside the cluster',
    chapter: 'workloads',
    severity: 'medium',
    recommendation:
      'Expose nothing outside the cluster over cleartext HTTP (or MQTT, AMQP, Modbus, FTP, Telnet).',
    rationale:
      'A LoadBalancer or NodePort Service is reachable from the site network; a cleartext protocol there lets anyone on the path read and alter traffic, including logins and machine commands. ' +
      'A port counts as cleartext by name or appProtocol (`http`, `http-*`, `mqtt`, ...) or, unnamed, by number (80, 8080, 8000, 8888, 1883 MQTT, 5672 AMQP, 502 Modbus, 21 FTP, 23 Telnet); it passes when the Service also exposes the TLS form (443/8443, 8883, 5671, 802, 990 or an `https`/`mqtts`/... port), which usually redirects or replaces it. ' +
      'An ingress-nginx Ingress with `ssl-redirect: "false"` keeps serving HTTP beside HTTPS.',
    remediation:
      'Serve the TLS form of the protocol (or put HTTP behind an Ingress with TLS), and remove `nginx.ingress.kubernetes.io/ssl-redirect: "false"`.',
    references: [OWASP.tls, EXTRA_SUPPLY_CHAIN.encryption, MS_TMK.exposedSensitiveInterfaces],
    appliesTo: ['Service', 'Ingress'],
    examples: {
      fail: `apiVersion: v1
kind: Service
metadata: {name: broker, namespace: plant}
spec:
  type: LoadBalancer
  selector: {app: broker}
  ports:
    - {name: mqtt, port: 1883, targetPort: 1883}
`,
      pass: `apiVersion: v1
kind: Service
metadata: {name: broker, namespace: plant}
spec:
  type: LoadBalancer
  selector: {app: broker}
  ports:
    - {name: mqtts, port: 8883, targetPort: 8883}
`,
    },
  },
  target: 'object',
  *check(resource) {
    if (resource.kind === 'Ingress') {
      const value = asRecord(asRecord(resource.object.metadata)?.annotations)?.[SSL_REDIRECT];
      if (value === false || (typeof value === 'string' && value.trim().toLowerCase() === 'false')) {
        yield {
          path: ['metadata', 'annotations', SSL_REDIRECT],
          message: `${describeResource(resource)} sets \`${SSL_REDIRECT}: "false"\`, so it also serves its hosts over plain HTTP; remove the annotation so ingress-nginx redirects HTTP to HTTPS`,
        };
      }
      return;
    }
    yield* checkService(resource);
  },
};

function* checkService(resource: Resource): Iterable<Violation> {
  const spec = asRecord(resource.object.spec);
  const type = spec?.type;
  if (typeof type !== 'string' || !EXPOSED_SERVICE_TYPES.includes(type)) return;
  const ports = asArray(spec?.ports).map((p) => asRecord(p));
  const classes = ports.map((p) => {
    if (p === undefined) return undefined;
    const protocol = typeof p.protocol === 'string' ? p.protocol.toUpperCase() : 'TCP';
    return protocol === 'TCP' ? classifyPort(p) : undefined;
  });
  for (const [index, cls] of classes.entries()) {
    if (cls === undefined || cls.tls) continue;
    if (classes.some((other) => other?.tls === true && other.protocol === cls.protocol)) continue;
    const port = ports[index] ?? {};
    const name = typeof port.name === 'string' && port.name !== '' ? ` (\`${port.name}\`)` : '';
    yield {
      path: ['spec', 'ports', index],
      message: `${describeResource(resource)} (type ${type}) exposes port ${String(port.port)}${name} as plain ${cls.protocol.label} outside the cluster, with no TLS port beside it; ${cls.protocol.fix}`,
    };
  }
}
