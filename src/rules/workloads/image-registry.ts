import { POD_CONTROLLER_KINDS } from '../../inventory/pod-specs.js';
import { CIS, EXTRA_SUPPLY_CHAIN, NIST, NSA, OWASP } from '../../references/controls.js';
import { appContainer, webDeployment } from '../examples.js';
import { describeContainer } from '../helpers.js';
import { containerPath, type PodRule } from '../types.js';
import { imageSource, parseImage, registryAllows } from './image-ref.js';

const ALLOWED_REGISTRIES_POLICY =
  '# policy: rules: {PP-WL-020: {params: {allowedRegistries: [registry.example.com]}}}\n';

export interface ImageRegistryParams {
  allowedRegistries: string[];
}

/** The allow-list as the rule reads it: its non-blank entries (none: the rule is off). */
export function allowedRegistriesOf(params: { allowedRegistries?: unknown }): string[] {
  return Array.isArray(params.allowedRegistries)
    ? params.allowedRegistries.filter((e): e is string => typeof e === 'string' && e.trim() !== '')
    : [];
}

/** Images from anywhere run whatever that registry serves; an allow-list keeps pulls to vetted registries. */
export const imageRegistry: PodRule<ImageRegistryParams> = {
  meta: {
    id: 'PP-WL-020',
    title: 'Image from a registry not on the allowed list',
    chapter: 'workloads',
    severity: 'medium',
    recommendation: 'Pull images only from the registries you trust, listed in `allowedRegistries`.',
    rationale:
      'Off until configured: with the default empty `allowedRegistries` this rule reports nothing, because only you know which registries you trust. ' +
      'Once configured, every image from elsewhere is flagged: a public registry serves whatever its publisher (or whoever took over the account) pushed, and at the edge a local mirror also keeps sites running when the uplink is down. ' +
      'The registry of `nginx` is `docker.io/library`, of `bitnami/redis` `docker.io/bitnami`; entries may be a host (`registry.example.com`), a host wildcard (`*.example.com`) or a host with a repository prefix (`docker.io/library`, `ghcr.io/acme`).',
    remediation:
      'Mirror the image into an allowed registry and reference it there, or add its registry to `allowedRegistries`; enforce the same list at admission (e.g. Kyverno or ValidatingAdmissionPolicy).',
    references: [
      CIS.imageProvenance,
      NIST.untrustedImages,
      NSA.secureImages,
      OWASP.images,
      EXTRA_SUPPLY_CHAIN.compromisedImages,
    ],
    params: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          allowedRegistries: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            description:
              'Registries images may come from: hosts, `*.` host wildcards or host/repository prefixes. Empty (the default) turns the rule off.',
          },
        },
      },
      defaults: { allowedRegistries: [] },
    },
    appliesTo: POD_CONTROLLER_KINDS,
    examples: {
      fail: `${ALLOWED_REGISTRIES_POLICY}${webDeployment({ labels: 'app: web', containers: appContainer('nginx:1.27.3') })}`,
      pass: `${ALLOWED_REGISTRIES_POLICY}${webDeployment({
        labels: 'app: web',
        containers: appContainer('registry.example.com/mirror/nginx:1.27.3'),
      })}`,
    },
  },
  target: 'pod',
  *check(pod, { params }) {
    const allowed = allowedRegistriesOf(params);
    if (allowed.length === 0) return;
    for (const container of pod.containers) {
      const ref = parseImage(container.container.image);
      if (ref === undefined || allowed.some((entry) => registryAllows(entry, ref))) continue;
      yield {
        path: containerPath(pod, container, 'image'),
        message: `${describeContainer(pod, container)} uses image \`${ref.raw}\` from \`${imageSource(ref)}\`, which is not on the allowed list (${allowed.join(', ')}); mirror the image into an allowed registry or add its registry to \`allowedRegistries\``,
      };
    }
  },
};
