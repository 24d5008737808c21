/**
 * Where alerts are delivered besides stdout/-o: an HTTP endpoint (a JSON array of alerts per POST), syslog
 * (RFC 5424, over UDP or TCP with octet counting) and an OpenTelemetry collector (OTLP/HTTP logs, JSON encoding).
 * A sink sends one batch or throws; delivery.ts retries and spools.
 */
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { hostname } from 'node:os';
import type { Severity } from '../findings/severity.js';
import type { Alert } from './alert.js';

export interface Sink {
  name: string;
  send(alerts: readonly Alert[]): Promise<void>;
}

export class SinkError extends Error {
  override name = 'SinkError';
}

async function post(url: string, body: string, timeoutMs: number): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.arrayBuffer();
  if (!res.ok) throw new SinkError(`${url} answered ${res.status}`);
}

export function httpSink(url: string, timeoutMs = 5000): Sink {
  return { name: url, send: (alerts) => post(url, JSON.stringify(alerts), timeoutMs) };
}

/** RFC 5424 severities (and OTLP's numbers) for ours. */
const SYSLOG_SEVERITY: Record<Severity, number> = { critical: 2, high: 3, medium: 4, low: 5, info: 6 };
const OTLP_SEVERITY: Record<Severity, [number, string]> = {
  critical: [21, 'FATAL'],
  high: [17, 'ERROR'],
  medium: [13, 'WARN'],
  low: [9, 'INFO'],
  info: [9, 'INFO'],
};
/** Facility 13: log audit. */
const FACILITY = 13;

const sdValue = (v: string) => v.replace(/[\\"\]]/g, (c) => `\\${c}`);

/** One RFC 5424 message: the alert's message as MSG, its identity as structured data, the whole alert after. */
export function syslogMessage(alert: Alert, host = hostname()): string {
  const pri = FACILITY * 8 + SYSLOG_SEVERITY[alert.severity];
  const sd = `[parapet@32473 rule="${sdValue(alert.rule)}" technique="${sdValue(alert.technique ?? '-')}" severity="${alert.severity}" auditID="${sdValue(alert.auditID)}" count="${alert.count}"]`;
  const time = Number.isNaN(Date.parse(alert.time)) ? '-' : new Date(alert.time).toISOString();
  return `<${pri}>1 ${time} ${host || '-'} parapet ${process.pid} ${alert.rule} ${sd} ${alert.title}: ${alert.message} ${JSON.stringify(alert)}`;
}

export function syslogSink(transport: 'udp' | 'tcp', host: string, port: number, timeoutMs = 5000): Sink {
  const name = `syslog+${transport}://${host}:${port}`;
  if (transport === 'udp')
    return {
      name,
      send: (alerts) =>
        new Promise<void>((resolve, reject) => {
          const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
          let left = alerts.length;
          const done = (error?: Error | null) => {
            if (error) {
              socket.close();
              reject(new SinkError(`${name}: ${error.message}`));
            } else if (--left <= 0) {
              socket.close();
              resolve();
            }
          };
          if (left === 0) return done();
          for (const alert of alerts) socket.send(syslogMessage(alert), port, host, done);
        }),
    };
  return {
    name,
    send: (alerts) =>
      new Promise<void>((resolve, reject) => {
        // RFC 6587 octet counting: "LEN SP MSG"
        const frames = alerts.map((a) => {
          const msg = Buffer.from(syslogMessage(a));
          return Buffer.concat([Buffer.from(`${msg.length} `), msg]);
        });
        const socket = connect({ host, port, timeout: timeoutMs }, () => socket.end(Buffer.concat(frames)));
        socket.on('timeout', () => socket.destroy(new Error('timed out')));
        socket.on('error', (error) => reject(new SinkError(`${name}: ${error.message}`)));
        socket.on('close', (hadError) => {
          if (!hadError) resolve();
        });
      }),
  };
}

/** The OTLP/HTTP JSON body for a batch: one log record per alert, its fields as attributes. */
export function otlpLogs(alerts: readonly Alert[], cluster: string | null): unknown {
  const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
  return {
    resourceLogs: [
      {
        resource: {
          attributes: [
            str('service.name', 'parapet-detect'),
            ...(cluster ? [str('k8s.cluster.name', cluster)] : []),
          ],
        },
        scopeLogs: [
          {
            scope: { name: 'parapet.detect' },
            logRecords: alerts.map((a) => {
              const ms = Date.parse(a.time);
              const [number, text] = OTLP_SEVERITY[a.severity];
              return {
                timeUnixNano: `${Number.isNaN(ms) ? Date.now() : ms}000000`,
                observedTimeUnixNano: `${Date.now()}000000`,
                severityNumber: number,
                severityText: text,
                body: { stringValue: `${a.title}: ${a.message}` },
                attributes: [
                  str('parapet.rule', a.rule),
                  str('parapet.technique', a.technique ?? ''),
                  str('parapet.tactic', a.tactic),
                  str('parapet.severity', a.severity),
                  str('k8s.audit.id', a.auditID),
                  str('k8s.audit.user', a.user),
                  str('k8s.audit.verb', a.verb),
                  str('k8s.audit.resource', a.objectRef.resource),
                  str('k8s.namespace.name', a.objectRef.namespace),
                  str('k8s.audit.name', a.objectRef.name),
                  { key: 'parapet.count', value: { intValue: String(a.count) } },
                ],
              };
            }),
          },
        ],
      },
    ],
  };
}

export function otlpSink(url: string, cluster: string | null, timeoutMs = 5000): Sink {
  return { name: url, send: (alerts) => post(url, JSON.stringify(otlpLogs(alerts, cluster)), timeoutMs) };
}

/** `--sink` values: http(s)://…, syslog+udp://host:port, syslog+tcp://host:port, otlp+http(s)://host:port/v1/logs. */
export function parseSink(value: string, cluster: string | null): Sink | undefined {
  const syslog = /^syslog\+(udp|tcp):\/\/(\[[^\]]+\]|[^:/]+):(\d+)$/.exec(value);
  if (syslog)
    return syslogSink(
      syslog[1] as 'udp' | 'tcp',
      (syslog[2] as string).replace(/^\[|\]$/g, ''),
      Number(syslog[3]),
    );
  if (/^otlp\+https?:\/\//.test(value)) return otlpSink(value.slice(5), cluster);
  if (/^https?:\/\//.test(value)) return httpSink(value);
  return undefined;
}
