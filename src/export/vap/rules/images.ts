/**
 * CEL forms of the images rules (see form.ts; test/export/rule-cel.test.ts holds each to its rule). The image
 * rules read references as image-ref.ts parses them; the `images` variable does the same parse in CEL.
 */
import {
  DIGEST,
  DOCKER_HUB,
  FLOATING_TAGS,
  HUB_ALIASES,
  PARTIAL_VERSION,
  parseRegistryEntry,
  type RegistryEntry,
  TAG_SUFFIX_SEPARATOR,
} from '../../../rules/workloads/image-ref.js';
import { allowedRegistriesOf } from '../../../rules/workloads/image-registry.js';
import type { PolicyVariable } from '../pod-variables.js';
import { celString, celStrings, type RuleCelForm } from './form.js';
import { JS_WHITESPACE_CLASS, withoutJsWhitespace } from './js-text.js';

/** `body` with `name` bound to `value` (CEL has no let: a one-item list is mapped). */
function bind(name: string, value: string, body: string): string {
  return `[${value}].map(${name}, ${body})[0]`;
}

/** A reference parseImage accepts: no whitespace but around it. */
const WELL_FORMED = celString(
  `^${JS_WHITESPACE_CLASS}*[^${JS_WHITESPACE_CLASS.slice(1, -1)}]+${JS_WHITESPACE_CLASS}*$`,
);

const HUB = celStrings([...HUB_ALIASES]);
const DOCKER = celString(DOCKER_HUB);

/**
 * The container `c`'s image as parseImage reads it, a map of strings ('' where absent): `raw` (trimmed),
 * `digest`, `tag`, `path` (the name without tag or digest), `registry` and `repository`, with the container's
 * name and `pullPolicy`.
 */
function imageOf(c: string): string {
  const fields = [
    `'container': ${c}.name`,
    `'pullPolicy': has(${c}.imagePullPolicy) ? ${c}.imagePullPolicy : ''`,
    `'raw': raw`,
    `'digest': at >= 0 && raw.substring(at + 1).matches(${celString(DIGEST.source)}) ? raw.substring(at + 1) : ''`,
    `'tag': colon >= 0 ? name.substring(colon + 1) : ''`,
    `'path': path`,
    `'registry': host in ${HUB} ? ${DOCKER} : host`,
    `'repository': host in ${HUB} && !repo.contains('/') ? 'library/' + repo : repo`,
  ];
  const isHost = `slash > 0 && [path.substring(0, slash)].all(f, f.contains('.') || f.contains(':') || f == 'localhost' || f.matches('[A-Z]'))`;
  return [
    ['raw', withoutJsWhitespace(`${c}.image`)],
    ['at', `raw.indexOf('@')`],
    ['name', 'at >= 0 ? raw.substring(0, at) : raw'],
    // a tag follows the last colon, unless a slash comes after it (`localhost:5000/app`)
    ['colon', `name.lastIndexOf(':') > name.lastIndexOf('/') ? name.lastIndexOf(':') : -1`],
    ['path', 'colon >= 0 ? name.substring(0, colon) : name'],
    ['slash', `path.indexOf('/')`],
    ['isHost', isHost],
    ['host', `isHost ? path.substring(0, slash).lowerAscii() : ${DOCKER}`],
    ['repo', 'isHost ? path.substring(slash + 1) : path'],
  ].reduceRight(
    (inner, [name, value]) => bind(name as string, value as string, inner),
    `{${fields.join(', ')}}`,
  );
}

/** Every container's image that parseImage accepts (a string, no whitespace inside, a name before tag/digest). */
export const IMAGES: PolicyVariable = {
  name: 'images',
  expression: `variables.containers.filter(c, has(c.image) && c.image.matches(${WELL_FORMED})).map(c, ${imageOf('c')}).filter(i, i.path != '')`,
};

const PULLS_LATEST = (i: string) => `(${i}.digest == '' && (${i}.tag == '' || ${i}.tag == 'latest'))`;

/** isMutableTag: no tag, a moving name or a partial version, each maybe with a suffix. */
const MUTABLE = (i: string) =>
  `(${i}.tag == '' || ${i}.tag.lowerAscii().matches(${celString(`^(?:${[...FLOATING_TAGS].join('|')}|${PARTIAL_VERSION})(?:${TAG_SUFFIX_SEPARATOR.source}(?s:.*))?$`)}))`;

interface ImageParams {
  allowedRegistries?: unknown;
  requireDigest?: unknown;
}

/** An images rule: every image satisfies `ok`; the message names the first container whose image does not. */
function imageForm(
  id: string,
  ok: (i: string, params: ImageParams) => string,
  failure: string,
  unconfigured?: (params: ImageParams) => string | undefined,
): RuleCelForm<ImageParams> {
  return {
    id,
    variables: () => [IMAGES],
    expression: ({ params }) => `variables.images.all(i, ${ok('i', params)})`,
    messageExpression: ({ params }) =>
      `[variables.images.filter(i, !${ok('i', params)})[0]].map(i, 'container ' + i.container + ' uses image ' + i.raw + ${celString(`, ${failure}`)})[0]`,
    ...(unconfigured ? { unconfigured } : {}),
  };
}

function registryEntries(params: ImageParams): RegistryEntry[] {
  return allowedRegistriesOf(params)
    .map(parseRegistryEntry)
    .filter((e): e is RegistryEntry => e !== undefined);
}

/** registryAllows, for one parsed entry. */
function entryAllows(i: string, entry: RegistryEntry): string {
  const host =
    entry.suffix !== undefined
      ? `${i}.registry.endsWith(${celString(entry.suffix)}) && ${i}.registry != ${celString(entry.suffix)}`
      : `${i}.registry == ${celString(entry.host ?? '')}`;
  const prefix =
    entry.prefix === ''
      ? ''
      : ` && (${i}.repository == ${celString(entry.prefix)} || ${i}.repository.startsWith(${celString(`${entry.prefix}/`)}))`;
  return `(${host}${prefix})`;
}

export const IMAGE_FORMS: readonly RuleCelForm[] = [
  {
    id: 'PP-WL-033', // Secret passed as an environment variable
    expression: () =>
      'variables.containers.all(c, !(has(c.env) && c.env.exists(e, has(e.valueFrom) && has(e.valueFrom.secretKeyRef))) && !(has(c.envFrom) && c.envFrom.exists(e, has(e.secretRef))))',
  },
  imageForm(
    'PP-WL-020',
    // an entry that names no registry (`https://`) allows nothing
    (i, params) => `(${['false', ...registryEntries(params).map((e) => entryAllows(i, e))].join(' || ')})`,
    'from a registry not on the allowed list',
    (params) =>
      allowedRegistriesOf(params).length === 0
        ? 'off until configured: allowedRegistries lists no registry'
        : undefined,
  ),
  imageForm('PP-WL-021', (i) => `!${PULLS_LATEST(i)}`, 'which pulls the moving `latest` tag'),
  imageForm(
    'PP-WL-022',
    (i, params) => `(${i}.digest != ''${params.requireDigest === true ? '' : ` || ${PULLS_LATEST(i)}`})`,
    'which is not pinned by digest',
  ),
  imageForm(
    'PP-WL-023',
    // with no pull policy Kubernetes pulls an untagged or `latest` image always, any other tag if not present
    (i) =>
      `(${i}.digest != '' || !${MUTABLE(i)} || (${i}.pullPolicy == '' ? (${i}.tag == '' || ${i}.tag == 'latest') : !(${i}.pullPolicy in ['IfNotPresent', 'Never'])))`,
    'a mutable tag, without `imagePullPolicy: Always`',
  ),
] as readonly RuleCelForm[];

/** Rules of this group judged from one object whose judgement CEL cannot express, with why. */
export const IMAGE_NOT_IN_CEL: Readonly<Record<string, string>> = {
  'PP-WL-032':
    "credentials.ts classifies with JavaScript regexes RE2 lacks (lookbehind/lookahead around AWS key ids and URL passwords), splits camelCase names into words judged one by one against word lists, reads files in values line by line, and Secret values must be base64-decoded: CEL's matches() cannot reproduce that classification exactly",
  'PP-DATA-002':
    "credentials.ts classifies with JavaScript regexes RE2 lacks (lookbehind/lookahead around AWS key ids and URL passwords), splits camelCase names into words judged one by one against word lists and reads files kept in a value line by line: CEL's matches() cannot reproduce that classification exactly",
};
