/** PP-PLAT-020..022: versions and operating systems against data/kubernetes-releases.json, at a fixed date. */
import { kubernetesVersion } from '../../../src/rules/platform/kubernetes-version.js';
import { kubeletVersion, nodeOperatingSystem } from '../../../src/rules/platform/node-versions.js';
import { RELEASE_DATA } from '../../../src/rules/platform/releases.js';
import { ruleTester } from '../../helpers/rule-tester.js';

/** The data's own date: 1.30 is supported then (until 2025-06-28), its latest patch 1.30.14. */
const now = '2025-06-18';
const params = { now };
const data = `(release data of ${RELEASE_DATA.asOf})`;

const server = (gitVersion: string) => `---
apiVersion: cluster.parapet.dev/v1
kind: KubernetesVersion
metadata: {name: kubernetes}
gitVersion: ${gitVersion}
`;

const node = (kubelet: string, osImage = 'Debian GNU/Linux 12 (bookworm)') => `---
apiVersion: v1
kind: Node
metadata: {name: n1}
status:
  nodeInfo: {kubeletVersion: ${kubelet}, osImage: ${osImage}, kernelVersion: 6.1.0-28-amd64}
`;

ruleTester(kubernetesVersion, {
  valid: [
    { name: 'the latest patch of a supported minor', yaml: server('v1.33.2'), params },
    { name: "a vendor's suffix is not part of the version", yaml: server('v1.33.2+k3s1'), params },
  ],
  invalid: [
    {
      name: 'a minor past its end of life',
      yaml: server('v1.29.15'),
      params,
      errors: [
        {
          message: `the API server runs Kubernetes 1.29.15, out of support since 2025-02-28: no more security patches ${data}`,
          path: 'gitVersion',
          severity: 'high',
        },
      ],
    },
    {
      name: 'a supported minor behind its latest patch',
      yaml: server('v1.30.4-eks-a737599'),
      params,
      errors: [
        {
          message: `the API server runs Kubernetes 1.30.4, behind its latest patch 1.30.14 (the minor is supported until 2025-06-28) ${data}`,
          severity: 'medium',
        },
      ],
    },
    {
      name: 'older than every minor in the data',
      yaml: server('v1.19.16'),
      params,
      errors: [
        {
          message: /1\.19\.16, older than every release the Kubernetes project still patches/,
          severity: 'high',
        },
      ],
    },
    {
      name: 'newer than the data: not judged, said at info',
      yaml: server('v1.40.1'),
      params,
      errors: [{ message: /1\.40 is newer than the release data of .*refresh it with/, severity: 'info' }],
    },
    {
      name: 'not a version',
      yaml: server('unknown'),
      params,
      errors: [{ message: /is not a Kubernetes version: its support was not judged/, severity: 'info' }],
    },
  ],
});

ruleTester(kubeletVersion, {
  valid: [
    {
      name: 'a Node without status (a manifest) has no kubelet to judge',
      yaml: 'apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n',
      params,
    },
    { name: 'current, and the server version unknown', yaml: node('v1.33.2'), params },
    {
      name: 'three minors behind the API server is allowed',
      yaml: `${node('v1.30.14')}${server('v1.33.2')}`,
      params,
    },
  ],
  invalid: [
    {
      name: 'newer than the API server',
      yaml: `${node('v1.33.2')}${server('v1.32.6')}`,
      params,
      errors: [
        {
          message:
            'Node `n1` runs kubelet 1.33.2, newer than kube-apiserver 1.32.6; the version skew policy allows no kubelet newer than the API server',
          path: 'status.nodeInfo.kubeletVersion',
          severity: 'high',
        },
      ],
    },
    {
      name: 'out of support and four minors behind',
      yaml: `${node('v1.29.15')}${server('v1.33.2')}`,
      params,
      errors: [
        { message: /^Node `n1` runs kubelet 1\.29\.15, out of support since 2025-02-28/, severity: 'high' },
        {
          message: /4 minors behind kube-apiserver 1\.33\.2; the version skew policy allows 3$/,
          severity: 'high',
        },
      ],
    },
    {
      name: 'behind its patch',
      yaml: node('v1.32.1'),
      params,
      errors: [{ message: /kubelet 1\.32\.1, behind its latest patch 1\.32\.6/, severity: 'medium' }],
    },
  ],
});

ruleTester(nodeOperatingSystem, {
  valid: [
    { name: 'a supported release', yaml: node('v1.33.2', 'Ubuntu 24.04.1 LTS'), params },
    {
      name: 'Amazon Linux 2023 is not Amazon Linux 2',
      yaml: node('v1.33.2', 'Amazon Linux 2023.6.20250107'),
      params,
    },
  ],
  invalid: [
    {
      name: 'past its end of standard support',
      yaml: node('v1.33.2', 'Ubuntu 18.04.6 LTS'),
      params,
      errors: [
        {
          message: `Node \`n1\` runs Ubuntu 18.04.6 LTS, kernel 6.1.0-28-amd64: Ubuntu 18.04 is out of standard support since 2023-05-31 ${data}`,
          path: 'status.nodeInfo.osImage',
          severity: 'high',
        },
      ],
    },
    {
      name: 'unknown to the data: said at info',
      yaml: node('v1.33.2', 'Talos (v1.9.1)'),
      params,
      errors: [
        {
          message: /runs Talos \(v1\.9\.1\), kernel .*does not know: its support was not judged/,
          severity: 'info',
        },
      ],
    },
  ],
});
