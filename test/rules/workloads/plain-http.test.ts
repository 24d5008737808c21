import assert from 'node:assert/strict';
import { it } from 'node:test';
import { plainHttp } from '../../../src/rules/workloads/plain-http.js';
import { ruleTester, runRule } from '../../helpers/rule-tester.js';

const service = (type: string, ...ports: string[]) => `
apiVersion: v1
kind: Service
metadata: {name: gw, namespace: plant}
spec:
  type: ${type}
  selector: {app: gw}
  ports:
${ports.map((p) => `    - ${p}`).join('\n')}
`;

ruleTester(plainHttp, {
  valid: [
    { name: 'ClusterIP services may speak HTTP', yaml: service('ClusterIP', '{name: http, port: 80}') },
    {
      name: 'HTTP beside HTTPS, MQTT beside MQTTS (redirect or migration)',
      yaml: service(
        'LoadBalancer',
        '{name: http, port: 80}',
        '{name: https, port: 443}',
        '{port: 1883}',
        '{name: secure-mqtt, port: 8883}',
      ),
    },
    {
      name: 'TLS ports, other protocols, UDP on 80, a gRPC port on 8080',
      yaml: service(
        'NodePort',
        '{name: https, port: 8443}',
        '{name: dns, port: 53, protocol: UDP}',
        '{port: 80, protocol: UDP}',
        '{name: grpc, port: 8080}',
        '{name: opcua, port: 4840}',
      ),
    },
    {
      name: 'an Ingress that keeps the redirect',
      yaml: `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations: {nginx.ingress.kubernetes.io/ssl-redirect: "true"}
spec:
  tls: [{hosts: [shop.example.com], secretName: shop-tls}]
`,
    },
  ],
  invalid: [
    {
      name: 'HTTP by name and number, MQTT, Modbus, and an appProtocol',
      yaml: service(
        'LoadBalancer',
        '{name: http-web, port: 8081}',
        '{port: 8080}',
        '{name: mqtt, port: 1883}',
        '{port: 502}',
        '{name: api, port: 9000, appProtocol: http}',
        '{name: telnet, port: 23}',
      ),
      errors: [
        {
          message:
            'Service `plant/gw` (type LoadBalancer) exposes port 8081 (`http-web`) as plain HTTP outside the cluster, with no TLS port beside it; serve HTTPS (e.g. on 443) or put the Service behind an Ingress with TLS',
          path: 'spec.ports[0]',
          severity: 'medium',
        },
        {
          message:
            'Service `plant/gw` (type LoadBalancer) exposes port 8080 as plain HTTP outside the cluster, with no TLS port beside it; serve HTTPS (e.g. on 443) or put the Service behind an Ingress with TLS',
          path: 'spec.ports[1]',
        },
        {
          message:
            'Service `plant/gw` (type LoadBalancer) exposes port 1883 (`mqtt`) as plain MQTT outside the cluster, with no TLS port beside it; serve MQTT over TLS (8883) with client authentication',
          path: 'spec.ports[2]',
        },
        {
          message:
            'Service `plant/gw` (type LoadBalancer) exposes port 502 as plain Modbus/TCP outside the cluster, with no TLS port beside it; use Modbus/TCP Security (802) or keep the Service inside the cluster behind a gateway',
          path: 'spec.ports[3]',
        },
        {
          message:
            'Service `plant/gw` (type LoadBalancer) exposes port 9000 (`api`) as plain HTTP outside the cluster, with no TLS port beside it; serve HTTPS (e.g. on 443) or put the Service behind an Ingress with TLS',
          path: 'spec.ports[4]',
        },
        {
          message:
            'Service `plant/gw` (type LoadBalancer) exposes port 23 (`telnet`) as plain Telnet outside the cluster, with no TLS port beside it; replace it with SSH',
          path: 'spec.ports[5]',
        },
      ],
    },
    {
      name: 'a NodePort with HTTPS for another protocol only',
      yaml: service('NodePort', '{name: http, port: 80, nodePort: 30080}', '{name: mqtts, port: 8883}'),
      errors: [
        {
          message:
            'Service `plant/gw` (type NodePort) exposes port 80 (`http`) as plain HTTP outside the cluster, with no TLS port beside it; serve HTTPS (e.g. on 443) or put the Service behind an Ingress with TLS',
          path: 'spec.ports[0]',
        },
      ],
    },
    {
      name: 'an Ingress that turns off the HTTPS redirect (string and boolean)',
      yaml: `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations: {nginx.ingress.kubernetes.io/ssl-redirect: "false"}
spec:
  tls: [{hosts: [shop.example.com], secretName: shop-tls}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
  annotations: {nginx.ingress.kubernetes.io/ssl-redirect: false}
`,
      errors: [
        {
          message:
            'Ingress `shop/web` sets `nginx.ingress.kubernetes.io/ssl-redirect: "false"`, so it also serves its hosts over plain HTTP; remove the annotation so ingress-nginx redirects HTTP to HTTPS',
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/ssl-redirect"]',
          resource: 'Ingress/web',
        },
        {
          message:
            'Ingress `api` sets `nginx.ingress.kubernetes.io/ssl-redirect: "false"`, so it also serves its hosts over plain HTTP; remove the annotation so ingress-nginx redirects HTTP to HTTPS',
          resource: 'Ingress/api',
        },
      ],
    },
  ],
});

it('PP-WL-041 examples: fail flags, pass passes', () => {
  const examples = plainHttp.meta.examples as { fail: string; pass: string };
  assert.equal(runRule(plainHttp, examples.fail).length, 1);
  assert.deepEqual(runRule(plainHttp, examples.pass), []);
});
