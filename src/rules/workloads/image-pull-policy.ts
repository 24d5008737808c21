import { POD_CONTROLLER_KINDS } from '../../inventory/pod-specs.js';
import { NIST, OWASP } from '../../references/controls.js';
import { appContainer, webPod } from '../examples.js';
import { describeContainer } from '../helpers.js';
import { containerPath, type PodRule } from '../types.js';
import { isMutableTag, parseImage } from './image-ref.js';

/**
 * With a mutable tag and IfNotPresent/Never, each node keeps whichever image it pulled first under that tag, so
 * replicas of one workload can run different code.
 */
export const imagePullPolicy: PodRule = {
  meta: {
    id: 'PP-WL-023',
    title: 'imagePullPolicy not Always for a mutable tag',
    chapter: 'workloads',
    severity: 'info',
    recommendation: 'Pin images by digest, or pull mutable tags with `imagePullPolicy: Always`.',
    rationale:
      'A node that already holds `app:1.4` never checks the registry again under IfNotPresent (or Never), so after the tag moves, old and new nodes run different images and a fixed image does not reach nodes that cached the vulnerable one. ' +
      'Mutable here means no tag, `latest`, a moving name (`stable`, `main`, `edge`, ...) or a partial version (`1`, `1.27`); images pinned by digest pass. ' +
      'Without `imagePullPolicy` Kubernetes uses Always for no tag or `latest` and IfNotPresent otherwise. At the edge, where nodes may be offline, a digest is the better fix: it keeps IfNotPresent safe.',
    remediation:
      'Pin the image by digest (`app:1.4@sha256:...`), or set `imagePullPolicy: Always` where nodes can always reach the registry.',
    references: [NIST.staleImages, OWASP.images],
    appliesTo: POD_CONTROLLER_KINDS,
    examples: {
      fail: webPod({ containers: appContainer('nginx:1.27', 'imagePullPolicy: IfNotPresent') }),
      pass: webPod({ containers: appContainer('nginx:1.27', 'imagePullPolicy: Always') }),
    },
  },
  target: 'pod',
  *check(pod) {
    for (const container of pod.containers) {
      const ref = parseImage(container.container.image);
      if (ref === undefined || ref.digest !== undefined || !isMutableTag(ref.tag)) continue;
      const set = container.container.imagePullPolicy;
      let how: string;
      if (set === undefined || set === null || set === '') {
        // Kubernetes defaults to Always for no tag or `latest`, IfNotPresent for any other tag.
        if (ref.tag === undefined || ref.tag === 'latest') continue;
        how = 'the default `imagePullPolicy` (IfNotPresent for a tagged image)';
      } else if (set === 'IfNotPresent' || set === 'Never') {
        how = `\`imagePullPolicy: ${set}\``;
      } else {
        continue;
      }
      yield {
        path: containerPath(pod, container, 'imagePullPolicy'),
        message: `${describeContainer(pod, container)} runs image \`${ref.raw}\`, a mutable tag, with ${how}, so nodes keep whatever image they pulled first; pin the image by digest or set \`imagePullPolicy: Always\``,
      };
    }
  },
};
