/**
 * Console rendering: the neutral reply laid out for a terminal, at most CONSOLE_WIDTH columns.
 *
 * It renders the Reply structure itself (not replyText's string), so that tables can be wrapped
 * per cell. The reply strings carry chat Markdown; here it becomes:
 *
 * - `**bold**`: ANSI bold (`ESC[1m` ... `ESC[22m`) in colour mode; the bare text otherwise.
 * - `` `code` ``: in colour mode cyan (`ESC[36m` ... `ESC[39m`) without the backticks; in plain
 *   mode the backticks stay, so what the user is meant to type (`model:llama-3.1-8b`) stays
 *   clearly delimited when there is no colour to mark it.
 * - Mentions `<@id>` (and Discord's `<@!id>`): `@id`, the console's own user too (`@local-user`).
 *   A mention can sit anywhere in a sentence ("Only the author <@x> or an admin can ..."), so
 *   replacing it with "you" would not always read right.
 * - Colour mode also bolds the title, field names, table headers and section titles, and dims
 *   the "(only visible to you)" marker. Plain mode emits no escape codes at all.
 *
 * Whether colour is used is the caller's decision (`{ color }`): the console passes whether its
 * output is a TTY; nothing here reads the environment.
 *
 * Width: every printed line fits in CONSOLE_WIDTH visible columns (escape codes count 0, the box
 * and bar characters █ ░ ─ ✓ ✗ ⚠ count 1, emoji such as ✅ ⚠️ ❌ ℹ️ ⛔ count 2). Long lines wrap at
 * spaces with a hanging indent (2 more columns than the line's own indent); a word longer than
 * the line is cut. A label ending in a colon is kept with the word after it ("explicit: batch").
 * Tables that fit are aligned as columns; a wider table has its widest columns wrapped within
 * their cells (continuation lines padded under the column) when every wrapped column keeps at
 * least MIN_CELL columns and no word in it has to be cut; otherwise (e.g. `/vram help`) each row
 * becomes a block: its first cell as a heading, then one `column: value` line per other cell.
 */
import type { Reply, ReplyTable } from '../../src/reply/types';

export const CONSOLE_WIDTH = 100;

export interface ConsoleRenderOptions {
  /** Emit ANSI styles (bold, colour). Pass whether the output stream is a TTY. */
  readonly color: boolean;
  /** Defaults to CONSOLE_WIDTH. */
  readonly width?: number;
}

const ICON: Record<Reply['severity'], string> = { success: '✅', warning: '⚠️', danger: '❌', info: 'ℹ️', error: '⛔' };

/** The narrowest a wrapped table column may get before the table switches to blocks. */
const MIN_CELL = 12;
const GAP = '  ';
/** The longest column name that a block-layout value hangs under. */
const LABEL_MAX = 30;

// ---- styles -------------------------------------------------------------------------------

const BOLD = 1;
const CODE = 2;
const DIM = 4;

function sgrOpen(style: number): string {
  return (style & BOLD ? '\x1b[1m' : '') + (style & DIM ? '\x1b[2m' : '') + (style & CODE ? '\x1b[36m' : '');
}
function sgrClose(style: number): string {
  return (style & CODE ? '\x1b[39m' : '') + (style & (BOLD | DIM) ? '\x1b[22m' : '');
}

// ---- width --------------------------------------------------------------------------------

const ANSI = /\x1b\[[0-9;]*m/g;
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** East Asian wide and fullwidth ranges (enough for a terminal estimate). */
function isWide(cp: number): boolean {
  return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3)
    || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60)
    || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd);
}

/** Columns one grapheme takes in a terminal. */
function graphemeWidth(g: string): number {
  if (/\p{Emoji_Presentation}/u.test(g) || (/\uFE0F/.test(g) && /\p{Extended_Pictographic}/u.test(g))) return 2;
  const cp = g.codePointAt(0) ?? 0;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (/^[\p{Mn}\p{Me}\u200B-\u200D\uFE00-\uFE0F]+$/u.test(g)) return 0;
  return isWide(cp) ? 2 : 1;
}

/** Visible columns of a string: ANSI codes count 0, emoji 2, everything else as a terminal shows it. */
export function visibleWidth(s: string): number {
  let w = 0;
  for (const { segment } of segmenter.segment(s.replace(ANSI, ''))) w += graphemeWidth(segment);
  return w;
}

// ---- styled text --------------------------------------------------------------------------

/** One grapheme with its style. Lines are built from these, so wrapping never splits a style code. */
interface Ch {
  readonly g: string;
  readonly w: number;
  readonly style: number;
  /** A space inside a code span: lines break there only when the span is longer than a line. */
  readonly nb?: boolean;
}
type Styled = readonly Ch[];

function styled(text: string, style = 0): Ch[] {
  return [...segmenter.segment(text)].map(({ segment }) => ({ g: segment, w: graphemeWidth(segment), style }));
}

const nonBreaking = (t: Ch[]): Ch[] => t.map((c) => (c.g === ' ' ? { ...c, nb: true } : c));

const MENTION = /<@!?([A-Za-z0-9_.-]+)>/g;

/** Chat Markdown to styled text: `**bold**`, `` `code` `` and `<@id>` mentions. */
function inline(src: string, color: boolean, base = 0): Ch[] {
  const s = src.replace(MENTION, '@$1');
  const out: Ch[] = [];
  let bold = false;
  let plain = '';
  const flush = (): void => { if (plain) out.push(...styled(plain, color ? base | (bold ? BOLD : 0) : 0)); plain = ''; };
  for (let i = 0; i < s.length;) {
    if (s[i] === '`') {
      const j = s.indexOf('`', i + 1);
      if (j > i + 1) {
        flush();
        if (color) out.push(...nonBreaking(styled(s.slice(i + 1, j), base | (bold ? BOLD : 0) | CODE)));
        else out.push(...nonBreaking(styled(s.slice(i, j + 1))));
        i = j + 1;
        continue;
      }
    }
    if (s.startsWith('**', i)) {
      // An opening `**` needs a non-space after it and a closing `**` later; else it is literal.
      const opens = !bold && /\S/.test(s[i + 2] ?? '') && s.indexOf('**', i + 3) !== -1;
      if (bold || opens) {
        flush();
        bold = !bold;
        i += 2;
        continue;
      }
    }
    plain += s[i];
    i += 1;
  }
  flush();
  return out;
}

const widthOf = (t: Styled): number => t.reduce((n, c) => n + c.w, 0);
const spaces = (n: number): Ch[] => styled(' '.repeat(Math.max(0, n)));

/** Styled text to a string, opening and closing styles so that each line stands alone. */
function toAnsi(t: Styled): string {
  let out = '';
  let cur = 0;
  for (const c of t) {
    if (c.style !== cur) {
      out += sgrClose(cur) + sgrOpen(c.style);
      cur = c.style;
    }
    out += c.g;
  }
  return out + sgrClose(cur);
}

const isSpace = (c: Ch): boolean => c.g === ' ';
const isBreak = (c: Ch): boolean => c.g === ' ' && !c.nb;

/**
 * Words (with the spaces before each) of one line; the line's leading spaces are returned apart.
 * `brk` says which spaces separate words (by default not those inside code spans).
 */
function words(t: Styled, brk: (c: Ch) => boolean = isBreak): { lead: number; words: { gap: Ch[]; word: Ch[] }[] } {
  let i = 0;
  while (i < t.length && brk(t[i] as Ch)) i++;
  const lead = i;
  const out: { gap: Ch[]; word: Ch[] }[] = [];
  while (i < t.length) {
    const gap: Ch[] = [];
    while (i < t.length && brk(t[i] as Ch)) gap.push(t[i++] as Ch);
    const word: Ch[] = [];
    while (i < t.length && !brk(t[i] as Ch)) word.push(t[i++] as Ch);
    if (word.length) out.push({ gap, word });
  }
  return { lead, words: out };
}

/** A word that ends a label (`explicit:`, not code such as `gpu:`) is glued to the next word. */
const isLabel = (w: Styled): boolean => {
  const last = w[w.length - 1];
  return w.length > 1 && last?.g === ':' && (last.style & CODE) === 0;
};

/**
 * Wraps one line of styled text to `width` columns: the first line starts with `indent` columns,
 * continuation lines with `hang`; spaces the line starts with add to both.
 */
function wrap(t: Styled, width: number, indent = 0, hang = indent + 2): Styled[] {
  const { lead, words: ws } = words(t);
  const first = indent + lead;
  const cont = Math.min(hang + lead, Math.max(0, width - MIN_CELL));
  // Glue label words to the word after them, as one unit (gap kept inside).
  const units: { gap: Ch[]; parts: Ch[][]; gaps: Ch[][] }[] = [];
  for (const w of ws) {
    const last = units[units.length - 1];
    const prevPart = last?.parts[last.parts.length - 1];
    if (last && prevPart && isLabel(prevPart)) {
      last.gaps.push(w.gap);
      last.parts.push(w.word);
    } else units.push({ gap: w.gap, parts: [w.word], gaps: [] });
  }
  const lines: Ch[][] = [];
  let line: Ch[] = spaces(first);
  let used = first;
  let empty = true;
  const newLine = (): void => { lines.push(line); line = spaces(cont); used = cont; empty = true; };
  const place = (word: Ch[], gap: Ch[]): void => {
    const gw = empty ? 0 : widthOf(gap);
    const ww = widthOf(word);
    if (!empty && used + gw + ww > width) { newLine(); place(word, gap); return; }
    if (!empty) { line.push(...gap); used += gw; }
    if (used + ww <= width) { line.push(...word); used += ww; empty = false; return; }
    // Longer than a whole line: cut it.
    for (const c of word) {
      if (used + c.w > width && !empty) newLine();
      line.push(c);
      used += c.w;
      empty = false;
    }
  };
  // A word (or a code span) longer than a line breaks at its own spaces first, then is cut.
  const placeWord = (word: Ch[], gap: Ch[]): void => {
    if (widthOf(word) <= width - cont || !word.some(isSpace)) { place(word, gap); return; }
    words(word, isSpace).words.forEach((w, k) => place(w.word, k === 0 ? gap : w.gap));
  };
  for (const u of units) {
    const joined: Ch[] = [];
    u.parts.forEach((p, k) => { if (k > 0) joined.push(...(u.gaps[k - 1] ?? [])); joined.push(...p); });
    if (widthOf(joined) <= width - cont) place(joined, u.gap);
    else u.parts.forEach((p, k) => placeWord(p, k === 0 ? u.gap : u.gaps[k - 1] ?? []));
  }
  lines.push(line);
  return lines;
}

// ---- tables -------------------------------------------------------------------------------

/** Widest word of a cell (what a wrapped column must hold without cutting). */
const longestWord = (t: Styled): number => Math.max(0, ...words(t).words.map((w) => widthOf(w.word)));

function pad(t: Styled, width: number, right: boolean): Ch[] {
  const fill = spaces(width - widthOf(t));
  return right ? [...fill, ...t] : [...t, ...fill];
}

/** Column widths that fit `width`, shrinking the widest columns first; null when that is unreadable. */
function fitColumns(natural: readonly number[], minWords: readonly number[], width: number): number[] | null {
  const avail = width - GAP.length * (natural.length - 1);
  const total = natural.reduce((a, b) => a + b, 0);
  if (total <= avail) return [...natural];
  // Water level L: every column wider than L is cut down to L.
  let level = Math.max(...natural);
  while (level > 0 && natural.reduce((a, w) => a + Math.min(w, level), 0) > avail) level--;
  if (level < MIN_CELL) return null;
  const widths = natural.map((w) => Math.min(w, level));
  for (let i = 0; i < widths.length; i++) {
    if ((widths[i] ?? 0) < (natural[i] ?? 0) && (minWords[i] ?? 0) > (widths[i] ?? 0)) return null;
  }
  // Hand the columns left over by rounding back to the shrunk columns, left to right.
  let spare = avail - widths.reduce((a, b) => a + b, 0);
  for (let i = 0; i < widths.length && spare > 0; i++) {
    const grow = Math.min(spare, (natural[i] ?? 0) - (widths[i] ?? 0));
    widths[i] = (widths[i] ?? 0) + grow;
    spare -= grow;
  }
  return widths;
}

const trimEnd = (t: Ch[]): Ch[] => {
  let n = t.length;
  while (n > 0 && isSpace(t[n - 1] as Ch)) n--;
  return t.slice(0, n);
};

function tableLines(t: ReplyTable, color: boolean, width: number): Styled[] {
  const head = t.columns.map((c) => inline(c, color, BOLD));
  const rows = t.rows.map((r) => t.columns.map((_, i) => inline(r[i] ?? '', color)));
  const all = [head, ...rows];
  const natural = t.columns.map((_, i) => Math.max(...all.map((r) => widthOf(r[i] ?? []))));
  const minWords = t.columns.map((_, i) => Math.max(...all.map((r) => longestWord(r[i] ?? []))));
  const widths = fitColumns(natural, minWords, width);
  if (!widths) return blockLines(t, rows, color, width);
  const right = (i: number): boolean => t.align?.[i] === 'right';
  const gap = styled(GAP);
  const row = (cells: readonly Styled[]): Ch[][] => {
    const wrapped = cells.map((c, i) => {
      const w = widths[i] ?? 0;
      return widthOf(c) <= w ? [[...c]] : wrap(c, w, 0, 0);
    });
    const height = Math.max(1, ...wrapped.map((c) => c.length));
    const out: Ch[][] = [];
    for (let k = 0; k < height; k++) {
      const line: Ch[] = [];
      wrapped.forEach((c, i) => { if (i > 0) line.push(...gap); line.push(...pad(c[k] ?? [], widths[i] ?? 0, right(i))); });
      out.push(trimEnd(line));
    }
    return out;
  };
  const rule: Ch[] = [];
  widths.forEach((w, i) => { if (i > 0) rule.push(...gap); rule.push(...styled('─'.repeat(w))); });
  return [...row(head), rule, ...rows.flatMap(row)];
}

/** One block per row: the first cell as a heading, then `column: value` for the others. */
function blockLines(t: ReplyTable, rows: readonly Styled[][], color: boolean, width: number): Styled[] {
  const label = (i: number): Ch[] => (t.columns[i] ? inline(`${t.columns[i]}:`, color) : []);
  // Values hang under the labels, padded to the longest label up to LABEL_MAX; a longer label
  // gets a line of its own with the value below it.
  const long = (i: number): boolean => widthOf(label(i)) > LABEL_MAX;
  const labelWidth = Math.max(0, ...t.columns.map((_, i) => (i > 0 && !long(i) ? widthOf(label(i)) : 0)));
  const out: Styled[] = [];
  for (const r of rows) {
    const heading = r[0] ?? [];
    out.push(...wrap(color ? heading.map((c) => ({ ...c, style: c.style | BOLD })) : heading, width, 0, 2));
    for (let i = 1; i < r.length; i++) {
      const cell = r[i] ?? [];
      if (cell.length === 0) continue;
      const l = label(i);
      const prefix = l.length ? [...pad(l, labelWidth, false), ...styled(' ')] : [];
      const indent = 2 + widthOf(prefix);
      if (long(i) || indent > width - MIN_CELL) {
        // Column names too long to hang values under: the name on its own line, the value below.
        out.push(...wrap([...spaces(2), ...l], width, 0, 4), ...wrap(cell, width, 4, 4));
        continue;
      }
      const body = wrap(cell, width, indent, indent);
      const firstLine = body[0] ?? [];
      out.push([...spaces(2), ...prefix, ...firstLine.slice(indent)], ...body.slice(1));
    }
  }
  return out;
}

// ---- the reply ----------------------------------------------------------------------------

/** Free text (a banner, a console message) wrapped to the console width. */
export function renderConsoleText(text: string, opts: ConsoleRenderOptions): string {
  const width = opts.width ?? CONSOLE_WIDTH;
  return text.split('\n').flatMap((l) => wrap(inline(l, opts.color), width)).map(toAnsi).join('\n');
}

/** The whole reply for a terminal: lines joined with newlines, none wider than the console. */
export function renderConsole(reply: Reply, opts: ConsoleRenderOptions): string {
  const { color } = opts;
  const width = opts.width ?? CONSOLE_WIDTH;
  const out: Styled[] = [];
  const blank = (): void => { out.push([]); };
  const para = (t: Styled, indent = 0, hang = indent + 2): void => { out.push(...wrap(t, width, indent, hang)); };
  const text = (s: string, indent = 0, hang = indent + 2, base = 0): void => {
    for (const l of s.split('\n')) para(inline(l, color, base), indent, hang);
  };

  if (reply.visibility === 'private') out.push(styled('(only visible to you)', color ? DIM : 0));
  const icon = `${ICON[reply.severity]} `;
  para([...styled(icon), ...inline(reply.title, color, BOLD)], 0, visibleWidth(icon));
  if (reply.description) text(reply.description);
  if (reply.fields.length) {
    blank();
    for (const f of reply.fields) para([...inline(`${f.name}:`, color, BOLD), ...styled(' '), ...inline(f.value, color)]);
  }
  if (reply.table) {
    blank();
    out.push(...tableLines(reply.table, color, width));
  }
  for (const s of reply.sections) {
    blank();
    para(inline(`${s.title}:`, color, BOLD));
    for (const l of s.lines) text(l, 2);
  }
  if (reply.notes.length) {
    blank();
    for (const n of reply.notes) text(n);
  }
  if (reply.errorId) text(`(error id ${reply.errorId})`);
  return out.map((l) => toAnsi(trimEnd([...l]))).join('\n');
}
