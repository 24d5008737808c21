/** Configuration YAML with the line of every key and list item, for findings that point at the setting. */
import { parseDocumentsWithPositions, positionsOf } from '../inputs/yaml.js';

export { asRecord } from '../inventory/values.js';

export interface LinedYaml {
  value: unknown;
  /** 1-based line of a key of `mapping` (or of item `key` of a list). */
  lineOf(container: unknown, key: string | number): number | undefined;
}

/** The first document of `text`, or undefined when it does not parse. */
export function parseLinedYaml(text: string): LinedYaml | undefined {
  let documents: ReturnType<typeof parseDocumentsWithPositions>;
  try {
    documents = parseDocumentsWithPositions(text, false);
  } catch {
    return undefined;
  }
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineAt = (offset: number) => {
    let line = 0;
    while (line + 1 < lineStarts.length && (lineStarts[line + 1] as number) <= offset) line++;
    return line + 1;
  };
  return {
    value: documents[0]?.value ?? null,
    lineOf(container, key) {
      const positions = positionsOf(container);
      if (positions === undefined) return undefined;
      if (typeof key === 'number') {
        const offset = positions.itemOffsets?.[key];
        return offset === undefined ? undefined : lineAt(offset);
      }
      const at = positions.keys?.lastIndexOf(key) ?? -1;
      const offset = at < 0 ? undefined : positions.keyOffsets?.[at];
      return offset === undefined ? undefined : lineAt(offset);
    },
  };
}
