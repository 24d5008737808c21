/** The readiness and liveness probe rules: the same check, for a different probe field. */
import { NIST, NSA } from '../../references/controls.js';
import { apiDeployment } from '../examples.js';
import { describeContainer, runningContainers } from '../helpers.js';
import {
  containerPath,
  type PodRule,
  type PodUnderCheck,
  type RuleContext,
  type RuleMeta,
} from '../types.js';

export type ProbeField = 'readinessProbe' | 'livenessProbe';

/** The probes of the examples, in the order a container lists them. */
const EXAMPLE_PROBES: Record<ProbeField, string> = {
  readinessProbe: 'readinessProbe: {httpGet: {path: /ready, port: 8080}}',
  livenessProbe: 'livenessProbe: {httpGet: {path: /healthz, port: 8080}}',
};

export interface ProbeRuleOptions
  extends Pick<RuleMeta, 'id' | 'severity' | 'recommendation' | 'rationale' | 'remediation'> {
  field: ProbeField;
  /** `readiness`, `liveness`: how titles and messages name the probe. */
  name: string;
  /**
   * What the missing probe leads to, for the message: `so a hung process is never restarted`; a function where
   * it depends on the pod's surroundings (a Service that sends it traffic).
   */
  consequence: string | ((pod: PodUnderCheck, context: RuleContext) => string);
}

/** A rule that flags the containers of Deployments and StatefulSets without the probe `field`. */
export function probeRule(options: ProbeRuleOptions): PodRule {
  const { field, name } = options;
  const others = (Object.keys(EXAMPLE_PROBES) as ProbeField[]).filter((probe) => probe !== field);
  return {
    meta: {
      id: options.id,
      title: `No ${name} probe`,
      chapter: 'operations',
      severity: options.severity,
      recommendation: options.recommendation,
      rationale: options.rationale,
      remediation: options.remediation,
      references: [NSA.upgrades, NIST.imageVulnerabilities],
      appliesTo: ['Deployment', 'StatefulSet'],
      // failing: the container has only the other probe; passing: both
      examples: {
        fail: apiDeployment({ replicas: 2, containerFields: others.map((probe) => EXAMPLE_PROBES[probe]) }),
        pass: apiDeployment({ replicas: 2, containerFields: Object.values(EXAMPLE_PROBES) }),
      },
    },
    target: 'pod',
    *check(pod, context) {
      if (pod.resource.kind !== 'Deployment' && pod.resource.kind !== 'StatefulSet') return;
      let consequence: string | undefined;
      for (const container of runningContainers(pod)) {
        const probe = container.container[field];
        if (probe !== undefined && probe !== null) continue;
        consequence ??=
          typeof options.consequence === 'string' ? options.consequence : options.consequence(pod, context);
        yield {
          path: containerPath(pod, container, field),
          message: `${describeContainer(pod, container)} has no ${name} probe, ${consequence}; add \`${field}\``,
        };
      }
    },
  };
}
