import type { FieldPath } from '../../../inventory/field-path.js';
import { describeResource } from '../../../inventory/resource.js';
import { NSA } from '../../../references/controls.js';
import { asRecord } from '../../helpers.js';
import { ARC_SILENT_WHEN, arcRule } from './marker.js';

const GROUP = 'clusterconfig.azure.com/';

/** Where an extension object keeps `autoUpgradeMinorVersion`: `spec` in the cluster, `properties` in ARM exports. */
const HOLDERS = ['spec', 'properties'] as const;

function isArcExtension(apiVersion: string, kind: string): boolean {
  return kind === 'ExtensionConfig' || (kind === 'Extension' && apiVersion.startsWith(GROUP));
}

function isFalse(value: unknown): boolean {
  return value === false || (typeof value === 'string' && value.trim().toLowerCase() === 'false');
}

/** Arc cluster extensions (Flux, Azure Monitor, Defender, ...) pinned to their installed minor version. */
export const arcExtensionAutoUpgrade = arcRule({
  meta: {
    id: 'PP-PLAT-002',
    title: 'Azure Arc extension minor-version auto-upgrade disabled',
    chapter: 'platform',
    severity: 'medium',
    recommendation: 'Let Azure Arc cluster extensions take minor-version upgrades automatically.',
    rationale:
      'An extension with `autoUpgradeMinorVersion: false` stays on the minor version it was installed with: the fixes its publisher ships, security fixes included, reach the cluster only when someone updates it by hand, and extensions such as Flux or the monitoring agents run with wide rights in the cluster.',
    silentWhen: ARC_SILENT_WHEN,
    remediation:
      'Run `az k8s-extension update --cluster-type connectedClusters --cluster-name CLUSTER --resource-group GROUP --name EXTENSION --auto-upgrade-minor-version true`, or set `autoUpgradeMinorVersion: true` where the extension is declared.',
    references: [NSA.upgrades],
    appliesTo: ['Extension', 'ExtensionConfig'],
    examples: {
      fail: `apiVersion: clusterconfig.azure.com/v1beta1
kind: ExtensionConfig
metadata: {name: flux, namespace: azure-arc}
spec:
  extensionType: microsoft.flux
  version: 1.8.3
  autoUpgradeMinorVersion: false
`,
      pass: `apiVersion: clusterconfig.azure.com/v1beta1
kind: ExtensionConfig
metadata: {name: flux, namespace: azure-arc}
spec:
  extensionType: microsoft.flux
  releaseTrain: stable
  autoUpgradeMinorVersion: true
`,
    },
  },
  target: 'object',
  *check(resource) {
    if (!isArcExtension(resource.apiVersion, resource.kind)) return;
    for (const holder of HOLDERS) {
      const fields = asRecord(resource.object[holder]);
      if (!isFalse(fields?.autoUpgradeMinorVersion)) continue;
      const type = typeof fields?.extensionType === 'string' ? ` (${fields.extensionType})` : '';
      const version =
        typeof fields?.version === 'string' || typeof fields?.version === 'number'
          ? ` on version ${fields.version}`
          : '';
      const path: FieldPath = [holder, 'autoUpgradeMinorVersion'];
      yield {
        path,
        message: `${describeResource(resource)}${type} sets \`autoUpgradeMinorVersion: false\`, so the extension stays${version} without its publisher's minor-version fixes until someone updates it by hand; set \`autoUpgradeMinorVersion: true\``,
      };
      return;
    }
  },
});
