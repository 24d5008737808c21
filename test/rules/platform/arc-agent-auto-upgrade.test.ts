import { arcAgentAutoUpgrade } from '../../../src/rules/profiles/azure-arc/agent-auto-upgrade.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const MESSAGE =
  'ConfigMap `azure-arc/azure-clusterconfig` sets `AZURE_ARC_AUTOUPDATE: "false"`: the Azure Arc agents are not upgraded automatically and keep any vulnerable version until someone upgrades them by hand; run `az connectedk8s update --auto-upgrade true`';

const configMap = (value: string, namespace = 'azure-arc', name = 'azure-clusterconfig') => `---
apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}, namespace: ${namespace}}
data:
  AZURE_RESOURCE_NAME: store-0042
  AZURE_ARC_AUTOUPDATE: ${value}
`;

ruleTester(arcAgentAutoUpgrade, {
  valid: [
    { name: 'the pass example', yaml: arcAgentAutoUpgrade.meta.examples?.pass ?? '' },
    { name: 'auto-update on', yaml: configMap('"true"') },
    {
      name: 'key absent (the Arc default is on)',
      yaml: `apiVersion: v1
kind: ConfigMap
metadata: {name: azure-clusterconfig, namespace: azure-arc}
data: {AZURE_RESOURCE_NAME: store-0042}
`,
    },
    {
      name: 'marker absent: the same key elsewhere is inert',
      yaml: configMap('"false"', 'edge-tools'),
    },
    {
      name: 'another ConfigMap in azure-arc',
      yaml: configMap('"false"', 'azure-arc', 'azure-proxy-config'),
    },
    {
      name: 'no data, or data that is not a map',
      yaml: `apiVersion: v1
kind: ConfigMap
metadata: {name: azure-clusterconfig, namespace: azure-arc}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: azure-clusterconfig, namespace: azure-arc}
data: [AZURE_ARC_AUTOUPDATE]
`,
    },
  ],
  invalid: [
    {
      name: 'the fail example',
      yaml: arcAgentAutoUpgrade.meta.examples?.fail ?? '',
      errors: [
        {
          message: MESSAGE,
          path: 'data.AZURE_ARC_AUTOUPDATE',
          severity: 'high',
          resource: 'ConfigMap/azure-clusterconfig',
        },
      ],
    },
    {
      name: 'without the Namespace object (the ConfigMap is itself in azure-arc)',
      yaml: configMap('"false"'),
      errors: [{ message: MESSAGE }],
    },
    {
      name: 'an unquoted boolean, as a hand-written manifest may have it',
      yaml: configMap('false'),
      errors: [{ message: MESSAGE }],
    },
    { name: 'any case', yaml: configMap('"False"'), errors: [{ message: MESSAGE }] },
  ],
});
