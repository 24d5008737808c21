/** The webhook's Prometheus metrics (prom-client), on a registry of its own. */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export function createMetrics() {
  const registry = new Registry();
  const requests = new Counter({
    name: 'parapet_admission_requests_total',
    help: 'Admission reviews answered, by operation, kind and decision (dry runs are not counted)',
    labelNames: ['operation', 'kind', 'decision'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'parapet_admission_request_duration_seconds',
    help: 'Time from request to answer, by operation, kind and decision',
    labelNames: ['operation', 'kind', 'decision'] as const,
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const violations = new Counter({
    name: 'parapet_admission_violations_total',
    help: 'Violations found at admission, by rule and mode',
    labelNames: ['rule', 'mode'] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'parapet_admission_errors_total',
    help: 'Requests answered per --on-error or refused as malformed, by reason',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const reloads = new Counter({
    name: 'parapet_admission_reloads_total',
    help: 'Policy and TLS reloads, by what was reloaded and result',
    labelNames: ['what', 'result'] as const,
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'parapet_admission_in_flight_requests',
    help: 'Admission reviews being answered',
    registers: [registry],
  });
  return { registry, requests, latency, violations, errors, reloads, inFlight };
}

export type Metrics = ReturnType<typeof createMetrics>;
