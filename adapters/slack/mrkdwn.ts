/**
 * Slack `mrkdwn` text helpers: escaping the three control characters, truncating without
 * breaking an entity or a surrogate pair, and packing lines into size-limited chunks.
 */

/** Appended where text was cut. */
export const TRUNCATED = '… truncated';

/**
 * Escapes `&`, `<` and `>` as Slack requires in every text field (otherwise `<...>` is read as
 * a link or mention).
 * @example escapeMrkdwn('a<b & c') // 'a&lt;b &amp; c'
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The largest cut <= `at` that splits neither a surrogate pair nor an `&...;` entity. */
function safeCut(text: string, at: number): number {
  let cut = Math.max(0, Math.min(at, text.length));
  const code = text.charCodeAt(cut - 1);
  if (cut > 0 && code >= 0xd800 && code <= 0xdbff) cut -= 1;
  const amp = text.lastIndexOf('&', cut - 1);
  const semi = amp >= 0 ? text.indexOf(';', amp) : -1;
  if (amp >= 0 && cut - amp < 6 && (semi === -1 || semi >= cut)) cut = amp;
  return cut;
}

/**
 * `text` if it fits in `max` characters, else a prefix plus `marker`, `max` characters at most.
 * @example truncate('abcdefghij', 8, '…') // 'abcdefg…'
 */
export function truncate(text: string, max: number, marker = `\n${TRUNCATED}`): string {
  if (text.length <= max) return text;
  if (marker.length >= max) return marker.slice(0, max);
  return text.slice(0, safeCut(text, max - marker.length)).trimEnd() + marker;
}

/**
 * Packs `lines` greedily into chunks whose `\n`-joined length is at most `max`; a single line
 * longer than `max` is truncated.
 * @example chunkLines(['aa', 'bb', 'cc'], 5) // [['aa', 'bb'], ['cc']]
 */
export function chunkLines(lines: readonly string[], max: number): string[][] {
  const chunks: string[][] = [];
  let cur: string[] = [];
  let len = 0;
  for (const raw of lines) {
    const line = truncate(raw, max, ` ${TRUNCATED}`);
    const add = cur.length === 0 ? line.length : line.length + 1;
    if (cur.length > 0 && len + add > max) {
      chunks.push(cur);
      cur = [];
      len = 0;
    }
    len += cur.length === 0 ? line.length : line.length + 1;
    cur.push(line);
  }
  if (cur.length > 0) chunks.push(cur);
  return chunks;
}

/** Wraps lines in a fenced code block (monospace in Slack). */
export function codeBlock(lines: readonly string[]): string {
  return `\`\`\`\n${lines.join('\n')}\n\`\`\``;
}

/** Length a code block adds around its lines. */
export const CODE_FENCE_OVERHEAD = codeBlock([]).length;
