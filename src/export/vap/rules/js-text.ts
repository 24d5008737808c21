/**
 * JavaScript's string semantics where the rules rely on them, for CEL: what String.prototype.trim removes and
 * what toUpperCase turns into ASCII, which CEL's trim and upperAscii treat differently.
 */

/** The characters String.prototype.trim removes (all in the BMP; the same set as RegExp's `\s`). */
export const JS_WHITESPACE: readonly string[] = (() => {
  const found: string[] = [];
  for (let cp = 0; cp <= 0xffff; cp++)
    if (String.fromCharCode(cp).trim() === '') found.push(String.fromCharCode(cp));
  return found;
})();

/** JS_WHITESPACE as an RE2 class. */
export const JS_WHITESPACE_CLASS = `[${JS_WHITESPACE.map((c) => `\\x{${c.charCodeAt(0).toString(16)}}`).join('')}]`;

/** The CEL string `text` with every JavaScript whitespace character removed. */
export function withoutJsWhitespace(text: string): string {
  return JS_WHITESPACE.reduce(
    (t, c) => `${t}.replace('\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}', '')`,
    text,
  );
}

/**
 * Characters that JavaScript's toUpperCase turns into ASCII but CEL's upperAscii leaves alone (`ſ` → S, `ß` → SS,
 * ligatures), so the CEL can replace them first.
 */
export function upperToAscii(): [string, string][] {
  const found: [string, string][] = [];
  for (let cp = 0x80; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const c = String.fromCodePoint(cp);
    const upper = c.toUpperCase();
    if (upper !== c && /^[\x20-\x7e]+$/.test(upper)) found.push([c, upper]);
  }
  return found;
}
