import { POD_CONTROLLER_KINDS } from '../../inventory/pod-specs.js';
import { NIST, NSA, OWASP } from '../../references/controls.js';
import { appContainer, webPod } from '../examples.js';
import { describeContainer } from '../helpers.js';
import { containerPath, type PodRule } from '../types.js';
import { parseImage, pullsLatest } from './image-ref.js';

/** `latest` (or no tag, which means `latest`) names whatever was pushed last: no two nodes need agree on it. */
export const imageTag: PodRule = {
  meta: {
    id: 'PP-WL-021',
    title: 'Image without tag or with `latest`',
    chapter: 'workloads',
    severity: 'medium',
    recommendation:
      'Reference every image by a version tag, or better by digest, never by `latest` or no tag.',
    rationale:
      'An image without a tag is pulled as `latest`, which moves with every push: a restart or a new node can silently run different code, rollbacks have nothing to roll back to, and you cannot tell which version is deployed. Images pinned by digest pass even when they also carry `:latest`, because the digest decides what runs.',
    remediation:
      'Set the image to a specific version tag (`nginx:1.27.3`), ideally pinned by digest (`nginx:1.27.3@sha256:...`).',
    references: [NIST.staleImages, NSA.secureImages, OWASP.images],
    appliesTo: POD_CONTROLLER_KINDS,
    examples: {
      fail: webPod({ containers: appContainer('nginx:latest') }),
      pass: webPod({ containers: appContainer('nginx:1.27.3') }),
    },
  },
  target: 'pod',
  *check(pod) {
    for (const container of pod.containers) {
      const ref = parseImage(container.container.image);
      if (ref === undefined || !pullsLatest(ref)) continue;
      const what =
        ref.tag === undefined
          ? `image \`${ref.raw}\` without a tag, which pulls \`latest\``
          : `image \`${ref.raw}\`, the moving \`latest\` tag`;
      yield {
        path: containerPath(pod, container, 'image'),
        message: `${describeContainer(pod, container)} uses ${what}; pin a version tag, ideally with a digest (\`@sha256:...\`)`,
      };
    }
  },
};
