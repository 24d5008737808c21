import { NSA } from '../../../references/controls.js';
import { asRecord } from '../../helpers.js';
import { ARC_NAMESPACE, ARC_SILENT_WHEN, arcRule } from './marker.js';

const CONFIG_MAP = 'azure-clusterconfig';
const KEY = 'AZURE_ARC_AUTOUPDATE';

/**
 * `az connectedk8s connect|update --auto-upgrade false` records its choice as AZURE_ARC_AUTOUPDATE in the
 * azure-clusterconfig ConfigMap; the agents then stay on their version until someone upgrades them by hand.
 */
export const arcAgentAutoUpgrade = arcRule({
  meta: {
    id: 'PP-PLAT-001',
    title: 'Azure Arc agent auto-upgrade disabled',
    chapter: 'platform',
    severity: 'high',
    recommendation: 'Keep automatic upgrade of the Azure Arc agents turned on.',
    rationale:
      "The Arc agents in `azure-arc` hold the cluster's connection and identity in Azure and act on the cluster with broad rights. With auto-upgrade off they keep running whatever version was installed, with its known vulnerabilities, until someone upgrades them by hand; Azure supports only recent agent versions, and an edge site that nobody watches is exactly where that upgrade never happens.",
    silentWhen: ARC_SILENT_WHEN,
    remediation:
      'Run `az connectedk8s update --name CLUSTER --resource-group GROUP --auto-upgrade true`; if upgrades must be scheduled, keep it off only with a documented `az connectedk8s upgrade` routine.',
    references: [NSA.upgrades],
    appliesTo: ['ConfigMap'],
    examples: {
      fail: `apiVersion: v1
kind: Namespace
metadata: {name: azure-arc}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: azure-clusterconfig, namespace: azure-arc}
data:
  AZURE_RESOURCE_GROUP: edge-sites
  AZURE_RESOURCE_NAME: store-0042
  AZURE_ARC_AUTOUPDATE: "false"
`,
      pass: `apiVersion: v1
kind: Namespace
metadata: {name: azure-arc}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: azure-clusterconfig, namespace: azure-arc}
data:
  AZURE_RESOURCE_GROUP: edge-sites
  AZURE_RESOURCE_NAME: store-0042
  AZURE_ARC_AUTOUPDATE: "true"
`,
    },
  },
  target: 'object',
  *check(resource) {
    if (resource.name !== CONFIG_MAP || resource.namespace !== ARC_NAMESPACE) return;
    const value = asRecord(resource.object.data)?.[KEY];
    if (value === undefined || value === null || String(value).trim().toLowerCase() !== 'false') return;
    yield {
      path: ['data', KEY],
      message: `ConfigMap \`${ARC_NAMESPACE}/${CONFIG_MAP}\` sets \`${KEY}: "false"\`: the Azure Arc agents are not upgraded automatically and keep any vulnerable version until someone upgrades them by hand; run \`az connectedk8s update --auto-upgrade true\``,
    };
  },
});
