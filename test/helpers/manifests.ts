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

/** A CronJob `ops/backup` with the given pod spec: the lines under `spec.jobTemplate.spec.template.spec`, indented ten spaces. */
export function backupCronJob(podSpec: string): string {
  return `apiVersion: batch/v1
kind: CronJob
metadata: {name: backup, namespace: ops}
spec:
  schedule: '0 3 * * *'
  jobTemplate:
    spec:
      template:
        spec:
${podSpec}
`;
}
