/**
 * YAML/JSON documents with the source offset of every mapping key and sequence item, in one parse.
 *
 * js-yaml's listener reports the start of every node it composes; a scalar followed by `:` is a mapping key.
 * Keys and items are recorded on their parent collection (under a symbol, so JSON output and Object.keys never
 * see them); line and column are computed only when a finding asks for them.
 */
import yaml from 'js-yaml';

/** Where the children of a collection start in the source (character offsets). */
export interface CollectionPositions {
  /** Offset of the collection itself. */
  readonly start: number;
  /** Mapping keys in source order, with `keyOffsets[i]` the offset of `keys[i]`. */
  readonly keys?: string[];
  readonly keyOffsets?: number[];
  /** Sequence items' offsets, by index. */
  readonly itemOffsets?: number[];
}

export const POSITIONS: unique symbol = Symbol('parapet.positions');

export interface ParsedDocument {
  /** The document's value (null for an empty document). */
  value: unknown;
  /** Offset of the document's root node in the file's text. */
  offset: number;
}

export interface YamlLimits {
  /** Maximum nesting depth of collections. */
  maxDepth: number;
  /** Maximum nodes in one document once aliases are expanded. */
  maxNodes: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = { maxDepth: 256, maxNodes: 2_000_000 };

/** Raised for input that is valid YAML but beyond the limits; carries the offending offset. */
export class YamlLimitError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * Kubernetes decodes YAML as YAML 1.1 (go-yaml), where `yes`/`no`/`on`/`off` are booleans; js-yaml's default
 * schema is YAML 1.2. This type makes `hostNetwork: yes` mean what the API server takes it to mean. It replaces
 * js-yaml's bool type (same tag), so it must list `true`/`false` too.
 */
const YAML11_BOOLS: Record<string, boolean> = {
  true: true,
  True: true,
  TRUE: true,
  false: false,
  False: false,
  FALSE: false,
  y: true,
  Y: true,
  yes: true,
  Yes: true,
  YES: true,
  on: true,
  On: true,
  ON: true,
  n: false,
  N: false,
  no: false,
  No: false,
  NO: false,
  off: false,
  Off: false,
  OFF: false,
};
const yaml11Bool = new yaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  // length first: this runs for every plain scalar
  resolve: (data: unknown) =>
    typeof data === 'string' && data.length <= 5 && Object.hasOwn(YAML11_BOOLS, data),
  construct: (data: string) => YAML11_BOOLS[data],
});
/**
 * YAML 1.1 booleans and merge keys as go-yaml reads them; no timestamp type, since Kubernetes hands timestamps
 * to the API as strings (and resolving them costs time on every scalar).
 */
const mergeType = (yaml.DEFAULT_SCHEMA as unknown as { compiledImplicit: yaml.Type[] }).compiledImplicit.find(
  (t) => (t as unknown as { tag: string }).tag === 'tag:yaml.org,2002:merge',
);
const KUBERNETES_SCHEMA = yaml.CORE_SCHEMA.extend({
  implicit: mergeType ? [yaml11Bool, mergeType] : [yaml11Bool],
});

interface Frame {
  start: number;
  keys: string[] | undefined;
  keyOffsets: number[] | undefined;
  itemOffsets: number[] | undefined;
}

const COLON = 0x3a;
const SPACE = 0x20;
const TAB = 0x09;

function loadOptions(
  json: boolean | undefined,
  listener: (event: 'open' | 'close', state: yaml.State) => void,
) {
  return { schema: json ? yaml.JSON_SCHEMA : KUBERNETES_SCHEMA, json: json ?? false, listener };
}

/**
 * Parses every document of `text`, fast: the listener only tracks depth, document offsets and aliases.
 * Throws js-yaml's YAMLException (with `mark`) or YamlLimitError. `text` must not start with a BOM (js-yaml
 * would strip it and shift every offset).
 */
export function parseDocuments(
  text: string,
  options: { json?: boolean; limits?: YamlLimits } = {},
): ParsedDocument[] {
  const limits = options.limits ?? DEFAULT_YAML_LIMITS;
  const documents: ParsedDocument[] = [];
  let depth = 0;
  let rootStart = 0;
  let aliases = 0;

  function listener(event: 'open' | 'close', state: yaml.State): void {
    if (event === 'open') {
      if (depth === 0) rootStart = state.position;
      if (++depth > limits.maxDepth) {
        throw new YamlLimitError(`nesting deeper than ${limits.maxDepth} levels`, state.position);
      }
      return;
    }
    depth--;
    const result = state.result as unknown;
    // An alias to a collection: composeNode leaves `kind` unset for aliases.
    if (state.kind === null && result !== null && typeof result === 'object') aliases++;
    if (depth === 0) {
      if (aliases > 0 && expandedSize(result, limits.maxNodes) > limits.maxNodes) {
        throw new YamlLimitError(
          `document expands to more than ${limits.maxNodes} nodes through YAML aliases`,
          rootStart,
        );
      }
      aliases = 0;
      documents.push({ value: result === undefined ? null : result, offset: rootStart });
    }
  }

  yaml.loadAll(text, undefined, loadOptions(options.json, listener));
  return documents;
}

/** Counts nodes with aliases expanded, stopping as soon as the count passes `limit`. */
function expandedSize(root: unknown, limit: number): number {
  let count = 0;
  const pending: unknown[] = [root];
  while (pending.length > 0 && count <= limit) {
    const value = pending.pop();
    count++;
    if (value !== null && typeof value === 'object') {
      for (const child of Object.values(value)) pending.push(child);
    }
  }
  return count;
}

/**
 * Parses `text` again recording where every mapping key and sequence item starts. Slower than parseDocuments
 * (it keeps a record per collection); used only where the quick text scan in locate.ts cannot place a field.
 */
export function parseDocumentsWithPositions(text: string, json?: boolean): ParsedDocument[] {
  const stack: Frame[] = [];
  const documents: ParsedDocument[] = [];
  let depth = 0;
  let rootStart = 0;

  function listener(event: 'open' | 'close', state: yaml.State): void {
    if (event === 'open') {
      if (depth === 0) rootStart = state.position;
      let frame = stack[depth];
      if (frame === undefined) {
        frame = { start: 0, keys: undefined, keyOffsets: undefined, itemOffsets: undefined };
        stack[depth] = frame;
      }
      frame.start = state.position;
      frame.keys = frame.keyOffsets = frame.itemOffsets = undefined;
      depth++;
      return;
    }
    depth--;
    const frame = stack[depth] as Frame;
    const result = state.result as unknown;
    const kind = state.kind;
    // A flow collection in block context is composed by two nested nodes; the inner one saw the children.
    if (
      (kind === 'mapping' || kind === 'sequence') &&
      result !== null &&
      typeof result === 'object' &&
      positionsOf(result) === undefined
    ) {
      const record: CollectionPositions =
        kind === 'mapping'
          ? { start: frame.start, keys: frame.keys ?? [], keyOffsets: frame.keyOffsets ?? [] }
          : { start: frame.start, itemOffsets: frame.itemOffsets ?? [] };
      (result as { [POSITIONS]?: CollectionPositions })[POSITIONS] = record;
    }
    if (depth === 0) {
      documents.push({ value: result === undefined ? null : result, offset: rootStart });
      return;
    }
    const parent = stack[depth - 1] as Frame;
    if (kind === 'scalar' && isFollowedByColon(state.input, state.position)) {
      if (parent.keys === undefined) {
        parent.keys = [];
        parent.keyOffsets = [];
      }
      parent.keys.push(String(result));
      (parent.keyOffsets as number[]).push(frame.start);
    } else if (kind !== null && parent.keys === undefined) {
      // a mapping's first child is always a key, so a parent without keys is a sequence
      if (parent.itemOffsets === undefined) parent.itemOffsets = [];
      parent.itemOffsets.push(frame.start);
    }
  }

  yaml.loadAll(text, undefined, loadOptions(json, listener));
  return documents;
}

function isFollowedByColon(input: string, position: number): boolean {
  let ch = input.charCodeAt(position);
  while (ch === SPACE || ch === TAB) ch = input.charCodeAt(++position);
  return ch === COLON;
}

export function positionsOf(value: unknown): CollectionPositions | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  return (value as { [POSITIONS]?: CollectionPositions })[POSITIONS];
}
