/**
 * PP-WL-041's protocol list, entry by entry: every cleartext port number and name is reported on an exposed
 * Service, every TLS form beside it makes it pass, and the near misses (a port one off, another protocol's TLS
 * port, a name without a separator, a Service not exposed) stay quiet. The facts are written out here, apart from
 * the rule, so that an entry dropped or swapped there fails a case here.
 */
import { plainHttp } from '../../../src/rules/workloads/plain-http.js';
import { type InvalidCase, ruleTester, type ValidCase } from '../../helpers/rule-tester.js';

interface Protocol {
  label: string;
  plainPorts: number[];
  tlsPorts: number[];
  plainNames: string[];
  tlsNames: string[];
}

const PROTOCOLS: Protocol[] = [
  {
    label: 'HTTP',
    plainPorts: [80, 8080, 8000, 8888],
    tlsPorts: [443, 8443],
    plainNames: ['http', 'http2', 'h2c', 'ws', 'web', 'http-metrics', 'web_ui'],
    tlsNames: ['https', 'wss', 'tls', 'ssl', 'https-admin'],
  },
  {
    label: 'MQTT',
    plainPorts: [1883],
    tlsPorts: [8883],
    // (`ws-mqtt` is read as HTTP's `ws-*` first: the rule lists it for MQTT, but HTTP's names are tried first)
    plainNames: ['mqtt', 'mqtt-broker'],
    tlsNames: ['mqtts', 'secure-mqtt', 'mqtt-tls', 'mqtt_ssl'],
  },
  {
    label: 'AMQP',
    plainPorts: [5672],
    tlsPorts: [5671],
    plainNames: ['amqp', 'amqp-client'],
    tlsNames: ['amqps'],
  },
  {
    label: 'Modbus/TCP',
    plainPorts: [502],
    tlsPorts: [802],
    plainNames: ['modbus', 'modbus-gw'],
    tlsNames: ['modbuss', 'modbus-s', 'modbus_tls', 'mbaps'],
  },
  {
    label: 'FTP',
    plainPorts: [21],
    tlsPorts: [990],
    plainNames: ['ftp', 'ftp-data'],
    tlsNames: ['ftps', 'sftp'],
  },
  { label: 'Telnet', plainPorts: [23], tlsPorts: [], plainNames: ['telnet'], tlsNames: [] },
];

/** A port nobody reads as any protocol, for cases that must be judged by name alone. */
const NEUTRAL = 9000;

function service(type: string, ...ports: string[]): string {
  return `apiVersion: v1
kind: Service
metadata: {name: edge, namespace: plant}
spec:
  type: ${type}
  selector: {app: edge}
  ports:
${ports.map((p) => `    - ${p}\n`).join('')}`;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The finding on port `index`, saying the port and the protocol. */
function plain(port: number, label: string, index = 0, type = 'LoadBalancer') {
  return {
    path: `spec.ports[${index}]`,
    message: new RegExp(
      `^Service \`plant/edge\` \\(type ${type}\\) exposes port ${port}(?: \\(\`[^\`]+\`\\))? as plain ${escapeRegExp(label)} outside the cluster, with no TLS port beside it; `,
    ),
  };
}

const valid: ValidCase[] = [];
const invalid: InvalidCase[] = [];

for (const p of PROTOCOLS) {
  for (const port of p.plainPorts) {
    invalid.push({
      name: `${p.label}: unnamed port ${port}`,
      yaml: service('LoadBalancer', `{port: ${port}}`),
      errors: [plain(port, p.label)],
    });
    invalid.push({
      name: `${p.label}: port ${port} on a NodePort Service`,
      yaml: service('NodePort', `{port: ${port}, protocol: TCP}`),
      errors: [plain(port, p.label, 0, 'NodePort')],
    });
    for (const tls of p.tlsPorts) {
      valid.push({
        name: `${p.label}: port ${port} beside its TLS port ${tls}`,
        yaml: service('LoadBalancer', `{port: ${port}}`, `{port: ${tls}}`),
      });
    }
    // another protocol's TLS port does not excuse this one
    const other = PROTOCOLS.find((o) => o !== p && o.tlsPorts.length > 0) as Protocol;
    invalid.push({
      name: `${p.label}: port ${port} beside ${other.label}'s TLS port ${other.tlsPorts[0]}, second in the list`,
      yaml: service('LoadBalancer', `{port: ${other.tlsPorts[0]}}`, `{port: ${port}}`),
      errors: [plain(port, p.label, 1)],
    });
  }
  for (const tls of p.tlsPorts) {
    valid.push({
      name: `${p.label}: its TLS port ${tls} alone`,
      yaml: service('LoadBalancer', `{port: ${tls}}`),
    });
  }
  for (const name of p.plainNames) {
    invalid.push({
      name: `${p.label}: a port named ${name}, on an unremarkable number`,
      yaml: service('LoadBalancer', `{name: ${name}, port: ${NEUTRAL}}`),
      errors: [plain(NEUTRAL, p.label)],
    });
    invalid.push({
      name: `${p.label}: appProtocol kubernetes.io/${name}, upper case`,
      yaml: service('LoadBalancer', `{appProtocol: kubernetes.io/${name.toUpperCase()}, port: ${NEUTRAL}}`),
      errors: [plain(NEUTRAL, p.label)],
    });
    if (/^[a-z0-9]+$/.test(name))
      valid.push({
        name: `${p.label}: ${name}x, a name without a separator, is not ${name}`,
        yaml: service('LoadBalancer', `{name: ${name}x, port: ${NEUTRAL}}`),
      });
  }
  for (const name of p.tlsNames) {
    valid.push({
      name: `${p.label}: a port named ${name} is TLS, whatever its number`,
      yaml: service('LoadBalancer', `{name: ${name}, port: ${p.plainPorts[0]}}`),
    });
    valid.push({
      name: `${p.label}: a plain port beside one named ${name}`,
      yaml: service(
        'LoadBalancer',
        `{name: ${p.plainNames[0]}, port: ${NEUTRAL}}`,
        `{name: ${name}, port: 9001}`,
      ),
    });
  }
}

// near misses on the numbers: one off each plain port, and ports named for a protocol that is not cleartext
for (const port of [81, 79, 8081, 8001, 8889, 1884, 5673, 503, 22, 24]) {
  valid.push({
    name: `port ${port}, one off a cleartext port`,
    yaml: service('LoadBalancer', `{port: ${port}}`),
  });
}
for (const name of ['grpc', 'dns', 'ssh', 'grpc-web', 'ssh_tunnel']) {
  valid.push({
    name: `a port named ${name} on 8080 is not HTTP`,
    yaml: service('LoadBalancer', `{name: ${name}, port: 8080}`),
  });
}
valid.push(
  { name: 'a ClusterIP Service on 80', yaml: service('ClusterIP', '{port: 80}') },
  {
    name: 'a Service without a type on 80',
    yaml: service('ClusterIP', '{port: 80}').replace('  type: ClusterIP\n', ''),
  },
  { name: 'an ExternalName Service on 80', yaml: service('ExternalName', '{port: 80}') },
  { name: 'a UDP port 80', yaml: service('LoadBalancer', '{port: 80, protocol: UDP}') },
  {
    name: 'a port whose name is empty is judged by its number: 443',
    yaml: service('LoadBalancer', "{name: '', port: 443}"),
  },
);
invalid.push(
  {
    name: 'protocol written in lower case is still TCP',
    yaml: service('LoadBalancer', '{port: 80, protocol: tcp}'),
    errors: [plain(80, 'HTTP')],
  },
  {
    name: 'an empty name is no name: port 80 is HTTP',
    yaml: service('LoadBalancer', "{name: '', port: 80}"),
    errors: [plain(80, 'HTTP')],
  },
  {
    name: 'two plain ports: both reported, each at its own entry',
    yaml: service('LoadBalancer', '{port: 1883}', '{port: 5672}'),
    errors: [plain(1883, 'MQTT', 0), plain(5672, 'AMQP', 1)],
  },
  {
    name: 'the name wins over the number: amqp on 443',
    yaml: service('LoadBalancer', '{name: amqp, port: 443}'),
    errors: [plain(443, 'AMQP')],
  },
);

const ingress = (value: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations: {nginx.ingress.kubernetes.io/ssl-redirect: ${value}}
spec:
  rules: [{host: shop.example.com}]
`;
const redirectOff = {
  path: 'metadata.annotations["nginx.ingress.kubernetes.io/ssl-redirect"]',
  message: /^Ingress `shop\/web` sets `nginx\.ingress\.kubernetes\.io\/ssl-redirect: "false"`/,
};
for (const value of ['"false"', 'false', '" FALSE "']) {
  invalid.push({
    name: `an Ingress with ssl-redirect ${value}`,
    yaml: ingress(value),
    errors: [redirectOff],
  });
}
for (const value of ['"true"', 'true', '"no"', '"falsey"']) {
  valid.push({ name: `an Ingress with ssl-redirect ${value}`, yaml: ingress(value) });
}

ruleTester(plainHttp, { valid, invalid });
