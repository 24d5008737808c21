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
/** The examples' Namespace `shop` held to Pod Security baseline: for rules that defer to the restricted checks. */
export const BASELINE_SHOP = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {pod-security.kubernetes.io/enforce: baseline}
`;

export function yamlDocuments(...documents: string[]): string {
  return documents.join('---\n');
}

/** `Pod shop/web` or `Deployment shop/web`: the shape most single-workload examples share. */
export interface WebWorkload {
  /** The `containers:` list, one YAML line each as written under it (`- name: app`, `  image: nginx:1.27`). */
  containers: readonly string[];
  /** Pod spec lines before `containers:` (`automountServiceAccountToken: false`). */
  podFields?: readonly string[];
  /** Pod spec lines after the containers (`volumes: [...]`). */
  podFieldsAfter?: readonly string[];
  namespace?: string;
  /** Deployment only: spec lines before the selector (`replicas: 2`). */
  specFields?: readonly string[];
  /** Deployment only: `app: web` adds a selector and matching template labels. */
  labels?: string;
}

/** The `app` container in block style: its name, its image, and more fields (one line each). */
export function appContainer(image: string, ...fields: string[]): string[] {
  return ['- name: app', `  image: ${image}`, ...fields.map((field) => `  ${field}`)];
}

export function webPod(workload: WebWorkload): string {
  return `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: ${workload.namespace ?? 'shop'}}
spec:
${podSpec(workload, 2)}`;
}

export function webDeployment(workload: WebWorkload): string {
  const { labels } = workload;
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${workload.namespace ?? 'shop'}}
spec:
${indented(2, workload.specFields)}${labels ? `  selector: {matchLabels: {${labels}}}\n` : ''}  template:
${labels ? `    metadata: {labels: {${labels}}}\n` : ''}    spec:
${podSpec(workload, 6)}`;
}

function podSpec(workload: WebWorkload, indent: number): string {
  return `${indented(indent, workload.podFields)}${' '.repeat(indent)}containers:
${indented(indent + 2, workload.containers)}${indented(indent, workload.podFieldsAfter)}`;
}

function indented(indent: number, lines: readonly string[] = []): string {
  return lines.map((line) => `${' '.repeat(indent)}${line}\n`).join('');
}
