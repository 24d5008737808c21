import { arcExtensionAutoUpgrade } from '../../../src/rules/profiles/azure-arc/extension-auto-upgrade.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const NAMESPACE = `apiVersion: v1
kind: Namespace
metadata: {name: azure-arc}
`;

const extension = (
  kind: string,
  namespace: string,
  body: string,
  apiVersion = 'clusterconfig.azure.com/v1beta1',
) => `---
apiVersion: ${apiVersion}
kind: ${kind}
metadata: {name: monitor, namespace: ${namespace}}
${body}`;

const message = (resource: string, detail: string) =>
  `${resource} sets \`autoUpgradeMinorVersion: false\`, so the extension stays${detail} without its publisher's minor-version fixes until someone updates it by hand; set \`autoUpgradeMinorVersion: true\``;

ruleTester(arcExtensionAutoUpgrade, {
  valid: [
    { name: 'the pass example', yaml: arcExtensionAutoUpgrade.meta.examples?.pass ?? '' },
    {
      name: 'auto-upgrade unset (the Arc default is on)',
      yaml:
        NAMESPACE +
        extension(
          'ExtensionConfig',
          'azure-arc',
          'spec: {extensionType: microsoft.azuremonitor.containers}\n',
        ),
    },
    {
      name: 'marker absent: a pinned extension elsewhere is inert',
      yaml: extension('Extension', 'monitoring', 'spec: {autoUpgradeMinorVersion: false}\n'),
    },
    {
      name: 'marker absent: an ExtensionConfig outside azure-arc is inert',
      yaml: extension(
        'ExtensionConfig',
        'capi-system',
        'spec: {autoUpgradeMinorVersion: false}\n',
        'runtime.cluster.x-k8s.io/v1alpha1',
      ),
    },
    {
      name: 'an Extension kind of another API group',
      yaml:
        NAMESPACE +
        extension('Extension', 'azure-arc', 'spec: {autoUpgradeMinorVersion: false}\n', 'example.com/v1'),
    },
    {
      name: 'malformed: no spec, a null spec',
      yaml:
        NAMESPACE +
        extension('ExtensionConfig', 'azure-arc', '') +
        extension('Extension', 'azure-arc', 'spec: null\n'),
    },
  ],
  invalid: [
    {
      name: 'the fail example',
      yaml: arcExtensionAutoUpgrade.meta.examples?.fail ?? '',
      errors: [
        {
          message: message('ExtensionConfig `azure-arc/flux` (microsoft.flux)', ' on version 1.8.3'),
          path: 'spec.autoUpgradeMinorVersion',
          severity: 'medium',
          resource: 'ExtensionConfig/flux',
        },
      ],
    },
    {
      name: 'an Extension anywhere, once the azure-arc namespace is in the input',
      yaml: NAMESPACE + extension('Extension', 'monitoring', 'spec: {autoUpgradeMinorVersion: false}\n'),
      errors: [
        { message: message('Extension `monitoring/monitor`', ''), path: 'spec.autoUpgradeMinorVersion' },
      ],
    },
    {
      name: 'the marker may be any object in azure-arc',
      yaml: `apiVersion: v1
kind: ServiceAccount
metadata: {name: azure-arc-operator, namespace: azure-arc}
${extension('Extension', 'monitoring', 'properties: {extensionType: microsoft.azuremonitor.containers, autoUpgradeMinorVersion: "false"}\n')}`,
      errors: [
        {
          message: message('Extension `monitoring/monitor` (microsoft.azuremonitor.containers)', ''),
          path: 'properties.autoUpgradeMinorVersion',
        },
      ],
    },
  ],
});
