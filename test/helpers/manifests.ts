/** A Deployment `shop/web` with the given pod spec: the lines under `spec.template.spec`, indented six spaces. */
export function webDeployment(podSpec: string): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
${podSpec}
`;
}
