/**
 * The built-in detection rules, as data in the same YAML format users write for `--rules FILE` (a module rather
 * than a .yaml file so that the bundled CLI carries it). Technique ids are the Microsoft Threat Matrix for
 * Kubernetes'; null where the matrix has no technique for the behaviour.
 */
export const BUILTIN_RULES_FILE = '(built-in rules)';

export const BUILTIN_RULES = `
exclusions:
  # the control plane, the nodes and the controllers: their routine traffic is not an attack
  system-components:
    - user: [system:kube-controller-manager, system:kube-scheduler, system:kube-proxy, system:apiserver,
             "system:serviceaccount:kube-system:*", "system:node:*"]
    - group: [system:nodes]
  # who deploys CronJobs and runs kubectl with a ServiceAccount token as a matter of course (GitOps, CI)
  deployers:
    - user: ["system:serviceaccount:argocd:*", "system:serviceaccount:flux-system:*"]

rules:
  - id: PP-AUD-001
    title: Exec, attach or port-forward into a pod
    technique: MS-TA9006
    tactic: Execution
    severity: high
    match: {resource: pods, subresource: [exec, attach, portforward], verb: [create, get], responseCode: "<400"}
    except: [system-components]
    message: "{user} opened {subresource} into pod {namespace}/{name} from {sourceIP} ({userAgent})"

  - id: PP-AUD-002
    title: Ephemeral container added to a pod
    technique: MS-TA9008
    tactic: Execution
    severity: high
    match: {resource: pods, subresource: ephemeralcontainers, verb: [update, patch], responseCode: "<400"}
    message: "{user} added an ephemeral container to pod {namespace}/{name}"

  # content rules: the object is judged by the catalog's own checks, whoever submits it
  - id: PP-AUD-003
    title: Privileged pod created
    technique: MS-TA9018
    tactic: Privilege escalation
    severity: critical
    match: &podBearing
      resource: [pods, deployments, replicasets, statefulsets, daemonsets, jobs, cronjobs, replicationcontrollers,
                 podtemplates]
      subresource: ""
      verb: [create, update, patch]
      responseCode: "<400"
    judge: [PP-PSS-001]
    message: "{user} {verb} {resource} {namespace}/{name}: {findings}"

  - id: PP-AUD-004
    title: Pod created with host namespaces
    technique: MS-TA9018
    tactic: Privilege escalation
    severity: high
    match: *podBearing
    judge: [PP-PSS-002]
    message: "{user} {verb} {resource} {namespace}/{name}: {findings}"

  - id: PP-AUD-005
    title: Pod created with a sensitive hostPath mount
    technique: MS-TA9013
    tactic: Persistence
    severity: high
    match: *podBearing
    judge: [PP-WL-007]
    message: "{user} {verb} {resource} {namespace}/{name}: {findings}"

  - id: PP-AUD-006
    title: Binding to cluster-admin, or to admin/edit cluster-wide
    technique: MS-TA9019
    tactic: Privilege escalation
    severity: critical
    match:
      - {resource: [clusterrolebindings, rolebindings], verb: [create, update, patch], responseCode: "<400",
         object: {roleRef.name: cluster-admin}}
      - {resource: clusterrolebindings, verb: [create, update, patch], responseCode: "<400",
         object: {roleRef.name: [admin, edit]}}
    unless: [{user: system:apiserver}]
    message: "{user} {verb} {resource} {namespace}/{name} granting a cluster-wide administrator role"

  - id: PP-AUD-007
    title: Role given wildcards or escalate, bind or impersonate
    technique: MS-TA9019
    tactic: Privilege escalation
    severity: high
    match:
      - {resource: [roles, clusterroles], verb: [create, update, patch], responseCode: "<400",
         object: {"rules[].verbs[]": ["=*", escalate, bind, impersonate]}}
      - {resource: [roles, clusterroles], verb: [create, update, patch], responseCode: "<400",
         object: {"rules[].resources[]": "=*"}}
    except: [system-components]
    message: "{user} {verb} {resource} {namespace}/{name} with wildcard or escalate/bind/impersonate permissions"

  - id: PP-AUD-008
    title: Anonymous request allowed
    technique: MS-TA9005
    tactic: Initial access
    severity: high
    match:
      - {user: system:anonymous, responseCode: "<400"}
      - {group: system:unauthenticated, responseCode: "<400"}
    unless:
      - requestURI: [/healthz, "/healthz/*", "/healthz?*", /livez, "/livez*", /readyz, "/readyz*", /version, "/version/*",
                     "/version?*"]
    message: "anonymous {verb} {requestURI} from {sourceIP} was allowed ({code})"

  - id: PP-AUD-009
    title: Impersonation used
    technique: null
    tactic: Privilege escalation
    severity: medium
    match: {impersonated: true, responseCode: "<400"}
    message: "{user} acted as {impersonatedUser}: {verb} {resource} {namespace}/{name}"

  - id: PP-AUD-010
    title: Secrets listed cluster-wide
    technique: MS-TA9025
    tactic: Credential access
    severity: high
    match: {resource: secrets, verb: [list, watch], namespace: "", responseCode: "<400"}
    except: [system-components]
    message: "{user} {verb} secrets in every namespace from {sourceIP} ({userAgent})"

  - id: PP-AUD-011
    title: Secret read by a subject that does not usually read secrets
    technique: MS-TA9025
    tactic: Credential access
    severity: medium
    match: {resource: secrets, verb: get, responseCode: "<400"}
    except: [system-components]
    novel: {by: user, learn: 1h}
    message: "{user} read secret {namespace}/{name}, which it had not done before"

  - id: PP-AUD-012
    title: ServiceAccount token created by a person
    technique: MS-TA9016
    tactic: Credential access
    severity: medium
    match: {resource: serviceaccounts, subresource: token, verb: create, user: "!system:*", responseCode: "<400"}
    message: "{user} created a token for ServiceAccount {namespace}/{name}"

  - id: PP-AUD-013
    title: Admission webhook configuration changed or deleted
    technique: MS-TA9015
    tactic: Persistence
    severity: high
    match:
      resource: [mutatingwebhookconfigurations, validatingwebhookconfigurations]
      verb: [create, update, patch, delete, deletecollection]
      responseCode: "<400"
    except: [system-components]
    # cert-manager's cainjector writes caBundle into webhook configurations as a matter of course
    unless: [{user: "system:serviceaccount:cert-manager:*"}]
    message: "{user} {verb} {resource} {name}"

  - id: PP-AUD-014
    title: CronJob created or changed outside the known deployers
    technique: MS-TA9014
    tactic: Persistence
    severity: medium
    match: {resource: cronjobs, subresource: "", verb: [create, update, patch], responseCode: "<400"}
    except: [system-components, deployers]
    message: "{user} {verb} CronJob {namespace}/{name}"

  - id: PP-AUD-015
    title: Pod or DaemonSet created in kube-system by a user
    technique: MS-TA9023
    tactic: Defense evasion
    severity: high
    match: {resource: [pods, daemonsets], subresource: "", namespace: kube-system, verb: create, user: "!system:*",
            responseCode: "<400"}
    message: "{user} created {resource} kube-system/{name}"

  - id: PP-AUD-016
    title: Events deleted
    technique: MS-TA9022
    tactic: Defense evasion
    severity: medium
    match: {resource: events, verb: [delete, deletecollection], responseCode: "<400"}
    except: [system-components]
    message: "{user} {verb} events {namespace}/{name}"

  - id: PP-AUD-017
    title: Kubelet API reached through nodes/proxy
    technique: null
    tactic: Discovery
    severity: high
    match: {resource: nodes, subresource: proxy, responseCode: "<400"}
    except: [system-components]
    message: "{user} {verb} nodes/proxy on node {name} ({requestURI})"

  - id: PP-AUD-018
    title: CertificateSigningRequest approved by a non-controller
    technique: null
    tactic: Persistence
    severity: high
    match: {resource: certificatesigningrequests, subresource: approval, verb: [update, patch], responseCode: "<400"}
    unless: [{user: [system:kube-controller-manager, "system:serviceaccount:kube-system:certificate-controller"]}]
    message: "{user} approved CertificateSigningRequest {name}"

  - id: PP-AUD-019
    title: Service of type NodePort or LoadBalancer created
    technique: MS-TA9005
    tactic: Initial access
    severity: medium
    match: {resource: services, subresource: "", verb: [create, update, patch], responseCode: "<400",
            object: {spec.type: [NodePort, LoadBalancer]}}
    message: "{user} {verb} Service {namespace}/{name} exposed outside the cluster"

  - id: PP-AUD-020
    title: Burst of forbidden requests from one subject
    technique: null
    tactic: Discovery
    severity: medium
    match: {responseCode: 403}
    except: [system-components]
    threshold: {count: 20, window: 60s, by: user}
    message: "{user} was refused {count} times within a minute (last: {verb} {resource} {namespace}/{name})"

  - id: PP-AUD-021
    title: ServiceAccount token used from kubectl or curl
    technique: MS-TA9016
    tactic: Credential access
    severity: high
    match: {user: "system:serviceaccount:*", userAgent: ["kubectl/*", "curl/*"]}
    except: [deployers]
    message: "{user} called {verb} {requestURI} with {userAgent} from {sourceIP}"
`;
