/**
 * Where the shipped bootstrap policy comes from: Kubernetes' plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata
 * (cluster-roles.yaml, cluster-role-bindings.yaml) at one commit. Written by scripts/rbac-bootstrap.ts with the data.
 */
export const BOOTSTRAP_COMMIT = '025f2834a128798cef30018a5e6a6ae82b5ad885';

/**
 * The Kubernetes release that commit belongs to, as far as it is established. The sources parapet could consult
 * do not map this commit to a tag; its content bounds it from below: system:monitoring grants /metrics/slis and
 * system:basic-user grants selfsubjectreviews, both added in Kubernetes 1.26.
 */
export const BOOTSTRAP_RELEASE = 'Kubernetes 1.26 or later (exact release not established)';

export const BOOTSTRAP_SOURCE = `kubernetes/kubernetes@${BOOTSTRAP_COMMIT.slice(0, 8)} bootstrappolicy/testdata, ${BOOTSTRAP_RELEASE}`;
