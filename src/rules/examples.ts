/**
 * The `shop/api` Deployment and PodDisruptionBudget that several rules' examples are built from, so that a rule's
 * failing and passing examples differ only in the lines the rule looks at.
 */

export interface ApiDeployment {
  /** `spec.replicas`; the line is left out when undefined. */
  replicas?: number;
  /** The pod labels, which are also the Deployment's selector. */
  labels?: string;
  /** More fields of the `app` container (e.g. a probe), one YAML line each; none keeps it on one line. */
  containerFields?: readonly string[];
}

/** `Deployment shop/api` with one container, `app`. */
export function apiDeployment({
  replicas,
  labels = 'app: api',
  containerFields = [],
}: ApiDeployment = {}): string {
  const container =
    containerFields.length === 0
      ? '        - {name: app, image: ghcr.io/acme/shop-api:3.2.0}\n'
      : `        - name: app\n          image: ghcr.io/acme/shop-api:3.2.0\n${containerFields
          .map((field) => `          ${field}\n`)
          .join('')}`;
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
${replicas === undefined ? '' : `  replicas: ${replicas}\n`}  selector: {matchLabels: {${labels}}}
  template:
    metadata: {labels: {${labels}}}
    spec:
      containers:
${container}`;
}

/** `PodDisruptionBudget shop/api` with one budget line (`maxUnavailable: 1`) and a matchLabels selector. */
export function apiBudget(budget: string, labels = 'app: api'): string {
  return `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: api, namespace: shop}
spec:
  ${budget}
  selector: {matchLabels: {${labels}}}
`;
}

/** YAML documents (each ending in a newline) as one multi-document stream. */
export function yamlDocuments(...documents: string[]): string {
  return documents.join('---\n');
}
