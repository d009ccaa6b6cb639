/**
 * Discord rendering: the neutral reply as one embed within Discord's limits.
 *
 * - Colour by severity: fits green, tight amber, does not fit red, listings blurple, errors red.
 * - The verdict is the description; a table follows it as a code block (or, when wider than
 *   {@link CODE_TABLE_WIDTH}, one line per row) and flows on into untitled fields when the
 *   description is full. Reply fields and sections become embed fields (long ones continue in
 *   `(cont.)` fields). Notes and the error id are the footer.
 * - Everything is packed against the per-part limits and the 6000-character total; what does not
 *   fit is dropped from the end and the footer says so.
 * - `private` replies (errors, `private:true`) are ephemeral.
 */
import { MessageFlags, type APIEmbed, type APIEmbedField } from 'discord.js';
import { tableText } from '../../src/reply/text';
import type { Reply, ReplyTable, Severity } from '../../src/reply/types';
import { clip, EMBED_LIMITS } from './limits';

export const COLORS: Readonly<Record<Severity, number>> = {
  success: 0x57f287, // green: fits
  warning: 0xf0b232, // amber: fits, tight
  danger: 0xed4245, // red: does not fit
  info: 0x5865f2, // blurple: listings, help
  error: 0xed4245, // red: bad input, failures
};

/** Widest table (characters per line) shown as a monospace block; wider wraps badly in an embed. */
export const CODE_TABLE_WIDTH = 72;
/** Room kept for the footer before the body is packed. */
const FOOTER_RESERVE = 600;
/** Name of a field that continues the description (a zero-width space: Discord needs a name). */
const CONTINUED = '\u200b';

export interface DiscordMessage {
  readonly embeds: APIEmbed[];
  readonly flags?: MessageFlags.Ephemeral;
  readonly allowedMentions: { readonly parse: [] };
}

/** A table as lines: aligned code when narrow, else `**first** · col: value · ...` per row. */
export function tableLines(t: ReplyTable): { lines: string[]; code: boolean } {
  const text = tableText(t);
  if (Math.max(...text.map((l) => l.length)) <= CODE_TABLE_WIDTH) return { lines: text, code: true };
  const lines = t.rows.map((row) => {
    const rest = row.slice(1).flatMap((cell, i) => {
      if (cell === '' || cell === '-') return [];
      const col = t.columns[i + 1] ?? '';
      return [col ? `${col}: ${cell}` : cell];
    });
    return [`**${row[0] ?? ''}**`, ...rest].join(' · ');
  });
  return { lines, code: false };
}

interface Part { readonly code: boolean; readonly lines: string[] }
interface Box { readonly name: string | null; readonly inline: boolean; readonly parts: Part[]; length: number }

/** Packs lines into the description and fields under the per-part and total limits. */
class Packer {
  readonly boxes: Box[] = [{ name: null, inline: false, parts: [], length: 0 }];
  dropped = 0;
  constructor(private budget: number) {}

  private cap(b: Box): number {
    return b.name === null ? EMBED_LIMITS.description : EMBED_LIMITS.fieldValue;
  }

  private open(name: string, inline: boolean): Box | null {
    const fields = this.boxes.length - 1;
    const n = name.trim() === '' ? CONTINUED : clip(name, EMBED_LIMITS.fieldName);
    if (fields >= EMBED_LIMITS.fields || this.budget < n.length + 40) return null;
    const box: Box = { name: n, inline, parts: [], length: 0 };
    this.boxes.push(box);
    this.budget -= n.length;
    return box;
  }

  /** Adds one line to `box` if it fits there (clipping a line too long for an empty box). */
  private put(box: Box, line: string, code: boolean): boolean {
    const last = box.parts[box.parts.length - 1];
    const joined = last !== undefined && last.code === code;
    const overhead = joined ? 1 : (box.parts.length > 0 ? 1 : 0) + (code ? 8 : 0);
    const room = Math.min(this.cap(box) - box.length, this.budget) - overhead;
    let text = line;
    if (text.length > room) {
      if (box.length > 0 || room < 20) return false;
      text = clip(text, room);
    }
    if (joined) last.lines.push(text);
    else box.parts.push({ code, lines: [text] });
    box.length += overhead + text.length;
    this.budget -= overhead + text.length;
    return true;
  }

  /** Adds a block: into the current box (description) or a new field; continues when full. */
  add(lines: readonly string[], code: boolean, field?: { name: string; inline: boolean }): void {
    let box: Box | null = field ? this.open(field.name, field.inline) : this.boxes[this.boxes.length - 1] ?? null;
    const more = field ? `${field.name} (cont.)` : CONTINUED;
    for (const [i, line] of lines.entries()) {
      if (box && this.put(box, line, code)) continue;
      box = box === null ? null : this.open(more, false);
      if (box && this.put(box, line, code)) continue;
      this.dropped += lines.length - i;
      return;
    }
  }

  text(b: Box): string {
    return b.parts.map((p) => (p.code ? `\`\`\`\n${p.lines.join('\n')}\n\`\`\`` : p.lines.join('\n'))).join('\n');
  }
}

/**
 * The embed for a reply, within every embed limit.
 * @example renderEmbed(reply).color // 0x57f287 when the estimate fits
 */
export function renderEmbed(reply: Reply): APIEmbed {
  const title = clip(reply.title, EMBED_LIMITS.title);
  const notes = reply.notes.map((n) => n.replace(/`/g, ''));
  const footerBody = [...(reply.errorId ? [`error id ${reply.errorId}`] : []), ...notes];
  const reserve = Math.min(FOOTER_RESERVE, footerBody.join('\n').length + 120);
  const packer = new Packer(EMBED_LIMITS.total - title.length - reserve);

  if (reply.description) packer.add(reply.description.split('\n'), false);
  if (reply.table) {
    const t = tableLines(reply.table);
    packer.add(t.lines, t.code);
  }
  for (const f of reply.fields) packer.add(f.value.split('\n'), false, { name: f.name, inline: f.inline ?? false });
  for (const s of reply.sections) packer.add([...s.lines], false, { name: s.title, inline: false });

  const [desc, ...fieldBoxes] = packer.boxes;
  const description = desc ? packer.text(desc) : '';
  const fields: APIEmbedField[] = fieldBoxes.map((b) => ({ name: b.name ?? CONTINUED, value: packer.text(b).trim() === '' ? CONTINUED : packer.text(b), inline: b.inline }));
  const cut = packer.dropped > 0 ? [`Shortened to fit Discord's limits: ${packer.dropped} line${packer.dropped === 1 ? '' : 's'} not shown.`] : [];
  const used = title.length + description.length + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  const footerText = clip([...cut, ...footerBody].join('\n'), Math.min(EMBED_LIMITS.footer, EMBED_LIMITS.total - used));

  return {
    title,
    color: COLORS[reply.severity],
    ...(description.trim() ? { description } : {}),
    ...(fields.length ? { fields } : {}),
    ...(footerText ? { footer: { text: footerText } } : {}),
  };
}

/** The message for a reply: one embed; ephemeral when the reply is private. */
export function renderMessage(reply: Reply): DiscordMessage {
  return {
    embeds: [renderEmbed(reply)],
    ...(reply.visibility === 'private' ? { flags: MessageFlags.Ephemeral } : {}),
    allowedMentions: { parse: [] },
  };
}
