import { POD_CONTROLLER_KINDS } from '../../inventory/pod-specs.js';
import { CIS, EXTRA_SUPPLY_CHAIN, NIST, OWASP } from '../../references/controls.js';
import { appContainer, webPod } from '../examples.js';
import { describeContainer } from '../helpers.js';
import { containerPath, type PodRule } from '../types.js';
import { parseImage, pullsLatest } from './image-ref.js';

export interface ImageDigestParams {
  requireDigest: boolean;
}

/** Tags can be re-pushed; only a digest names the exact bytes that run. */
export const imageDigest: PodRule<ImageDigestParams> = {
  meta: {
    id: 'PP-WL-022',
    title: 'Image not pinned by digest',
    chapter: 'workloads',
    severity: 'info',
    recommendation:
      'Pin images by digest (`image:tag@sha256:...`) so every node runs exactly the image you tested.',
    rationale:
      'A tag is a pointer the registry (or anyone who can push to it) may move; a digest is the content hash, so a digest-pinned image cannot be swapped underneath you and every node and restart runs the same bytes. ' +
      'Both modes are useful: by default (`requireDigest: false`) unpinned images are reported at info, an inventory for teams adopting digests without failing builds, leaving out images on `latest` or without a tag, which PP-WL-021 reports already; with `requireDigest: true` each unpinned image, `latest` included, is a high finding, for sites that enforce pinning (e.g. with Renovate or Flux image automation keeping digests current).',
    remediation:
      'Append the digest to the image (`nginx:1.27.3@sha256:...`, from `crane digest` or `docker buildx imagetools inspect`) and let a bot such as Renovate keep it current.',
    references: [NIST.staleImages, CIS.imageProvenance, OWASP.images, EXTRA_SUPPLY_CHAIN.compromisedImages],
    params: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          requireDigest: {
            type: 'boolean',
            description:
              'false (default): report unpinned images at info, as an inventory; true: report them at high, to enforce digests.',
          },
        },
      },
      defaults: { requireDigest: false },
    },
    appliesTo: POD_CONTROLLER_KINDS,
    examples: {
      fail: webPod({ containers: appContainer('nginx:1.27.3') }),
      pass: webPod({
        containers: appContainer(
          'nginx:1.27.3@sha256:2ec3b2bb6e8c0ff1e4b0c4a4b9e63e1f3ddb3f9f5e38e8d5f1a3a8b3d7e0c1f2',
        ),
      }),
    },
  },
  target: 'pod',
  *check(pod, { params }) {
    const required = params.requireDigest === true;
    for (const container of pod.containers) {
      const ref = parseImage(container.container.image);
      if (ref === undefined || ref.digest !== undefined) continue;
      // An image on `latest` is PP-WL-021's; only where digests are required is it this rule's too (at high)
      if (!required && pullsLatest(ref)) continue;
      yield {
        path: containerPath(pod, container, 'image'),
        message: `${describeContainer(pod, container)} uses image \`${ref.raw}\`, which is not pinned by digest; append \`@sha256:...\` so every node runs the same image`,
        ...(required ? { severity: 'high' as const } : {}),
      };
    }
  },
};
