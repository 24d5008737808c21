/**
 * The ClusterRoles every cluster starts with (Kubernetes' RBAC bootstrap policy), as data: a binding to `edit` or
 * `system:node` is understood when the input does not define the role. Facts from
 * plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/cluster-roles.yaml at the commit in ./source.ts. The
 * controller roles (`system:controller:*`, controller-roles.yaml) are not included. Refresh with
 * scripts/rbac-bootstrap.ts.
 */
import type { BootstrapClusterRole } from './types.js';

const R = 'get list watch';
const W = 'create delete deletecollection patch update';
const RW = 'create delete deletecollection get list patch update watch';

const CORE = '""';

export const BOOTSTRAP_CLUSTER_ROLES: readonly BootstrapClusterRole[] = [
  { name: 'admin', aggregateFrom: 'rbac.authorization.k8s.io/aggregate-to-admin', rows: [] },
  {
    name: 'cluster-admin',
    rows: [['*', '*', '*']],
    nonResourceURLs: [['*', '*']],
  },
  {
    name: 'edit',
    aggregateFrom: 'rbac.authorization.k8s.io/aggregate-to-edit',
    aggregateTo: 'admin',
    rows: [],
  },
  {
    name: 'system:aggregate-to-admin',
    aggregateTo: 'admin',
    rows: [
      ['authorization.k8s.io', 'localsubjectaccessreviews', 'create'],
      ['rbac.authorization.k8s.io', 'rolebindings roles', RW],
    ],
  },
  {
    name: 'system:aggregate-to-edit',
    aggregateTo: 'edit',
    rows: [
      [CORE, 'pods/attach pods/exec pods/portforward pods/proxy secrets services/proxy', R],
      [CORE, 'serviceaccounts', 'impersonate'],
      [CORE, 'pods pods/attach pods/exec pods/portforward pods/proxy', W],
      [CORE, 'pods/eviction', 'create'],
      [
        CORE,
        'configmaps events persistentvolumeclaims replicationcontrollers replicationcontrollers/scale secrets serviceaccounts services services/proxy',
        W,
      ],
      [CORE, 'serviceaccounts/token', 'create'],
      [
        'apps',
        'daemonsets deployments deployments/rollback deployments/scale replicasets replicasets/scale statefulsets statefulsets/scale',
        W,
      ],
      ['autoscaling', 'horizontalpodautoscalers', W],
      ['batch', 'cronjobs jobs', W],
      [
        'extensions',
        'daemonsets deployments deployments/rollback deployments/scale ingresses networkpolicies replicasets replicasets/scale replicationcontrollers/scale',
        W,
      ],
      ['policy', 'poddisruptionbudgets', W],
      ['networking.k8s.io', 'ingresses networkpolicies', W],
      ['coordination.k8s.io', 'leases', RW],
    ],
  },
  {
    name: 'system:aggregate-to-view',
    aggregateTo: 'view',
    rows: [
      [
        CORE,
        'configmaps endpoints persistentvolumeclaims persistentvolumeclaims/status pods replicationcontrollers replicationcontrollers/scale serviceaccounts services services/status',
        R,
      ],
      [
        CORE,
        'bindings events limitranges namespaces/status pods/log pods/status replicationcontrollers/status resourcequotas resourcequotas/status',
        R,
      ],
      [CORE, 'namespaces', R],
      ['discovery.k8s.io', 'endpointslices', R],
      [
        'apps',
        'controllerrevisions daemonsets daemonsets/status deployments deployments/scale deployments/status replicasets replicasets/scale replicasets/status statefulsets statefulsets/scale statefulsets/status',
        R,
      ],
      ['autoscaling', 'horizontalpodautoscalers horizontalpodautoscalers/status', R],
      ['batch', 'cronjobs cronjobs/status jobs jobs/status', R],
      [
        'extensions',
        'daemonsets daemonsets/status deployments deployments/scale deployments/status ingresses ingresses/status networkpolicies replicasets replicasets/scale replicasets/status replicationcontrollers/scale',
        R,
      ],
      ['policy', 'poddisruptionbudgets poddisruptionbudgets/status', R],
      ['networking.k8s.io', 'ingresses ingresses/status networkpolicies', R],
    ],
  },
  {
    name: 'system:auth-delegator',
    rows: [
      ['authentication.k8s.io', 'tokenreviews', 'create'],
      ['authorization.k8s.io', 'subjectaccessreviews', 'create'],
    ],
  },
  {
    name: 'system:basic-user',
    rows: [
      ['authorization.k8s.io', 'selfsubjectaccessreviews selfsubjectrulesreviews', 'create'],
      ['authentication.k8s.io', 'selfsubjectreviews', 'create'],
    ],
  },
  {
    name: 'system:certificates.k8s.io:certificatesigningrequests:nodeclient',
    rows: [['certificates.k8s.io', 'certificatesigningrequests/nodeclient', 'create']],
  },
  {
    name: 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient',
    rows: [['certificates.k8s.io', 'certificatesigningrequests/selfnodeclient', 'create']],
  },
  ...['kube-apiserver-client', 'kube-apiserver-client-kubelet', 'kubelet-serving', 'legacy-unknown'].map(
    (signer): BootstrapClusterRole => ({
      name: `system:certificates.k8s.io:${signer}-approver`,
      rows: [['certificates.k8s.io', 'signers', 'approve', `kubernetes.io/${signer}`]],
    }),
  ),
  {
    name: 'system:discovery',
    rows: [],
    nonResourceURLs: [
      ['/api /api/* /apis /apis/* /healthz /livez /openapi /openapi/* /readyz /version /version/', 'get'],
    ],
  },
  {
    name: 'system:heapster',
    rows: [
      [CORE, 'events namespaces nodes pods', R],
      ['extensions', 'deployments', R],
    ],
  },
  { name: 'system:kube-aggregator', rows: [[CORE, 'endpoints services', R]] },
  {
    name: 'system:kube-controller-manager',
    rows: [
      [`${CORE} events.k8s.io`, 'events', 'create patch update'],
      ['coordination.k8s.io', 'leases', 'create'],
      ['coordination.k8s.io', 'leases', 'get update', 'kube-controller-manager'],
      [CORE, 'secrets serviceaccounts', 'create'],
      [CORE, 'secrets', 'delete'],
      [CORE, 'configmaps namespaces secrets serviceaccounts', 'get'],
      [CORE, 'secrets serviceaccounts', 'update'],
      ['authentication.k8s.io', 'tokenreviews', 'create'],
      ['authorization.k8s.io', 'subjectaccessreviews', 'create'],
      ['*', '*', 'list watch'],
      [CORE, 'serviceaccounts/token', 'create'],
    ],
  },
  { name: 'system:kube-dns', rows: [[CORE, 'endpoints services', 'list watch']] },
  {
    name: 'system:kube-scheduler',
    rows: [
      [`${CORE} events.k8s.io`, 'events', 'create patch update'],
      ['coordination.k8s.io', 'leases', 'create'],
      ['coordination.k8s.io', 'leases', 'get update', 'kube-scheduler'],
      [CORE, 'nodes', R],
      [CORE, 'pods', 'delete get list watch'],
      [CORE, 'bindings pods/binding', 'create'],
      [CORE, 'pods/status', 'patch update'],
      [CORE, 'replicationcontrollers services', R],
      ['apps extensions', 'replicasets', R],
      ['apps', 'statefulsets', R],
      ['policy', 'poddisruptionbudgets', R],
      [CORE, 'persistentvolumeclaims persistentvolumes', R],
      ['authentication.k8s.io', 'tokenreviews', 'create'],
      ['authorization.k8s.io', 'subjectaccessreviews', 'create'],
      ['storage.k8s.io', 'csinodes', R],
      [CORE, 'namespaces', R],
      ['storage.k8s.io', 'csidrivers', R],
      ['storage.k8s.io', 'csistoragecapacities', R],
    ],
  },
  {
    name: 'system:kubelet-api-admin',
    rows: [
      [CORE, 'nodes', R],
      [CORE, 'nodes', 'proxy'],
      [CORE, 'nodes/log nodes/metrics nodes/proxy nodes/stats', '*'],
    ],
  },
  {
    name: 'system:monitoring',
    rows: [],
    nonResourceURLs: [
      ['/healthz /healthz/* /livez /livez/* /metrics /metrics/slis /readyz /readyz/*', 'get'],
    ],
  },
  {
    name: 'system:node',
    rows: [
      ['authentication.k8s.io', 'tokenreviews', 'create'],
      ['authorization.k8s.io', 'localsubjectaccessreviews subjectaccessreviews', 'create'],
      [CORE, 'services', R],
      [CORE, 'nodes', 'create get list watch'],
      [CORE, 'nodes/status', 'patch update'],
      [CORE, 'nodes', 'patch update'],
      [CORE, 'events', 'create patch update'],
      [CORE, 'pods', R],
      [CORE, 'pods', 'create delete'],
      [CORE, 'pods/status', 'patch update'],
      [CORE, 'pods/eviction', 'create'],
      [CORE, 'configmaps secrets', R],
      [CORE, 'persistentvolumeclaims persistentvolumes', 'get'],
      [CORE, 'endpoints', 'get'],
      ['certificates.k8s.io', 'certificatesigningrequests', 'create get list watch'],
      ['coordination.k8s.io', 'leases', 'create delete get patch update'],
      ['storage.k8s.io', 'volumeattachments', 'get'],
      [CORE, 'serviceaccounts/token', 'create'],
      [CORE, 'persistentvolumeclaims/status', 'get patch update'],
      ['storage.k8s.io', 'csidrivers', R],
      ['storage.k8s.io', 'csinodes', 'create delete get patch update'],
      ['node.k8s.io', 'runtimeclasses', R],
    ],
  },
  {
    name: 'system:node-bootstrapper',
    rows: [['certificates.k8s.io', 'certificatesigningrequests', 'create get list watch']],
  },
  {
    name: 'system:node-problem-detector',
    rows: [
      [CORE, 'nodes', 'get'],
      [CORE, 'nodes/status', 'patch'],
      [`${CORE} events.k8s.io`, 'events', 'create patch update'],
    ],
  },
  {
    name: 'system:node-proxier',
    rows: [
      [CORE, 'endpoints services', 'list watch'],
      [CORE, 'nodes', R],
      [`${CORE} events.k8s.io`, 'events', 'create patch update'],
      ['discovery.k8s.io', 'endpointslices', 'list watch'],
    ],
  },
  {
    name: 'system:persistent-volume-provisioner',
    rows: [
      [CORE, 'persistentvolumes', 'create delete get list watch'],
      [CORE, 'persistentvolumeclaims', 'get list update watch'],
      ['storage.k8s.io', 'storageclasses', R],
      [CORE, 'events', 'watch'],
      [`${CORE} events.k8s.io`, 'events', 'create patch update'],
    ],
  },
  {
    name: 'system:public-info-viewer',
    rows: [],
    nonResourceURLs: [['/healthz /livez /readyz /version /version/', 'get']],
  },
  {
    name: 'system:service-account-issuer-discovery',
    rows: [],
    nonResourceURLs: [['/.well-known/openid-configuration /openid/v1/jwks', 'get']],
  },
  {
    name: 'system:volume-scheduler',
    rows: [
      [CORE, 'persistentvolumes', 'get list patch update watch'],
      ['storage.k8s.io', 'storageclasses', R],
      [CORE, 'persistentvolumeclaims', 'get list patch update watch'],
    ],
  },
  {
    name: 'view',
    aggregateFrom: 'rbac.authorization.k8s.io/aggregate-to-view',
    aggregateTo: 'edit',
    rows: [],
  },
];
