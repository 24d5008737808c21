/**
 * The ValidatingWebhookConfiguration for `parapet webhook`: pods and every pod controller on CREATE and UPDATE,
 * kube-system and the webhook's own namespace never sent to it, so a webhook that is down cannot keep itself (or
 * the control plane) from starting again.
 */
export interface ConfigOptions {
  service?: { namespace: string; name: string; port: number; path: string };
  url?: string;
  caBundle: string;
  failurePolicy: 'Ignore' | 'Fail';
  timeoutSeconds: number;
  /** The webhook's own namespace, exempted; the service's by default. */
  ownNamespace?: string;
  name: string;
}

/** Pods and the pod controllers whose templates parapet judges at their own level. */
export const ADMISSION_RESOURCES = [
  { apiGroups: [''], resources: ['pods', 'replicationcontrollers'] },
  { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'] },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'] },
];

export function webhookConfiguration(options: ConfigOptions): { object: unknown; warnings: string[] } {
  const warnings: string[] = [];
  const exempt = [
    'kube-system',
    ...(options.ownNamespace && options.ownNamespace !== 'kube-system' ? [options.ownNamespace] : []),
  ];
  if (options.failurePolicy === 'Fail' && options.ownNamespace === undefined) {
    warnings.push(
      "failurePolicy Fail also covers the webhook's own pods: with them down, none can be created again. Give --namespace NS (the webhook's namespace) to exempt it",
    );
  }
  const clientConfig = options.service
    ? { service: { ...options.service }, caBundle: options.caBundle }
    : { url: options.url, caBundle: options.caBundle };
  return {
    warnings,
    object: {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: 'parapet', labels: { 'app.kubernetes.io/name': 'parapet-webhook' } },
      webhooks: [
        {
          name: options.name,
          admissionReviewVersions: ['v1'],
          sideEffects: 'None',
          timeoutSeconds: options.timeoutSeconds,
          failurePolicy: options.failurePolicy,
          matchPolicy: 'Equivalent',
          clientConfig,
          rules: ADMISSION_RESOURCES.map((r) => ({
            ...r,
            apiVersions: ['*'],
            operations: ['CREATE', 'UPDATE'],
            scope: 'Namespaced',
          })),
          namespaceSelector: {
            matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: exempt }],
          },
        },
      ],
    },
  };
}
