import type { FieldPath } from '../../inventory/field-path.js';
import { describeNamespace, namespaceOf } from '../../inventory/inventory.js';
import { POD_CONTROLLER_KINDS } from '../../inventory/pod-specs.js';
import { describeResource, type Resource } from '../../inventory/resource.js';
import { EXTRA_SUPPLY_CHAIN, OWASP } from '../../references/controls.js';
import { appContainer, webPod, yamlDocuments } from '../examples.js';
import { asArray, asRecord } from '../helpers.js';
import type { InventoryRule, ResourceViolation } from '../types.js';

const PULLING_POD = webPod({
  podFields: ['imagePullSecrets: [{name: regcred}]'],
  containers: appContainer('registry.example.com/shop/web:1.4.2'),
});

/**
 * A pull secret that does not exist makes pulls from a private registry fail (ImagePullBackOff) or, where the
 * node has other credentials, silently use them. Judged only when the input holds Secrets of that namespace:
 * manifests are often committed without their Secrets, and then absence means nothing.
 */
export const imagePullSecret: InventoryRule = {
  meta: {
    id: 'PP-WL-024',
    title: 'Image pull secret missing from the input',
    chapter: 'workloads',
    severity: 'low',
    recommendation: "Reference only image pull secrets that exist in the workload's namespace.",
    rationale:
      'The kubelet silently skips a pull secret that does not exist: pulls from the private registry then fail with ImagePullBackOff, or succeed with whatever credentials the node has, which hides who may pull what.',
    silentWhen:
      "the input holds no Secret of the workload's namespace: manifests are often kept without their Secrets, and then a missing pull secret proves nothing. Scan the namespace's Secrets too (or a cluster) for this rule to judge.",
    remediation:
      "Create the Secret (type `kubernetes.io/dockerconfigjson`) in the workload's namespace, or correct the name in `imagePullSecrets`.",
    references: [EXTRA_SUPPLY_CHAIN.registryAuthorization, OWASP.images],
    appliesTo: [...POD_CONTROLLER_KINDS, 'ServiceAccount'],
    examples: {
      fail: yamlDocuments(
        'apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\ntype: Opaque\nstringData: {password: from-vault}\n',
        PULLING_POD,
      ),
      pass: yamlDocuments(
        'apiVersion: v1\nkind: Secret\nmetadata: {name: regcred, namespace: shop}\ntype: kubernetes.io/dockerconfigjson\ndata: {.dockerconfigjson: e30=}\n',
        PULLING_POD,
      ),
    },
  },
  target: 'inventory',
  *check({ inventory }) {
    const holders: { resource: Resource; path: FieldPath; list: unknown }[] = [];
    for (const workload of inventory.podWorkloads()) {
      holders.push({
        resource: workload.resource,
        path: [...workload.template.specPath, 'imagePullSecrets'],
        list: workload.template.spec.imagePullSecrets,
      });
    }
    for (const account of inventory.byKind('ServiceAccount')) {
      holders.push({ resource: account, path: ['imagePullSecrets'], list: account.object.imagePullSecrets });
    }
    holders.sort((a, b) => a.resource.index - b.resource.index);
    for (const { resource, path, list } of holders) {
      const entries = asArray(list);
      if (entries.length === 0) continue;
      const namespace = namespaceOf(resource);
      if (inventory.inNamespace(namespace, 'Secret').length === 0) continue;
      for (const [index, entry] of entries.entries()) {
        const name = asRecord(entry)?.name;
        if (typeof name !== 'string' || name === '') continue;
        if (inventory.get('Secret', namespace, name) !== undefined) continue;
        const violation: ResourceViolation = {
          resource,
          path: [...path, index, 'name'],
          message: `${describeResource(resource)} names image pull secret \`${name}\`, but the input has no Secret of that name in ${describeNamespace(namespace, [resource])}; create it (type \`kubernetes.io/dockerconfigjson\`) or correct the name`,
        };
        yield violation;
      }
    }
  },
};
