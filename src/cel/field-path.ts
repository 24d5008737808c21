/**
 * A validation's `fieldPath` (the API server's JSONPath subset: `spec.containers[0].image`,
 * `metadata.labels['app']`) as a parapet field path, so that a finding points at that field.
 */
import type { FieldPath } from '../inventory/field-path.js';

const SEGMENT = /\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[(['"])(.*?)\3\]/y;

/** The path, or undefined when the text is not of that form. */
export function parseFieldPath(text: string): FieldPath | undefined {
  const path: (string | number)[] = [];
  SEGMENT.lastIndex = 0;
  while (SEGMENT.lastIndex < text.length) {
    const start = SEGMENT.lastIndex;
    const match = SEGMENT.exec(text);
    if (match === null || SEGMENT.lastIndex === start) return undefined;
    if (match[1] !== undefined) path.push(match[1]);
    else if (match[2] !== undefined) path.push(Number(match[2]));
    else path.push(match[4] as string);
  }
  return path;
}
