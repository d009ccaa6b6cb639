/**
 * Discord's embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits)
 * and how we measure against them. Lengths are counted in UTF-16 code units (`string.length`),
 * which is never less than Discord's count, so a body within these limits is accepted.
 */
import type { APIEmbed } from 'discord.js';

export const EMBED_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  /** Sum of title, description, field names and values, footer text and author name. */
  total: 6000,
} as const;

/** The characters of an embed that count towards the 6000 total. */
export function embedLength(e: APIEmbed): number {
  let n = (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length + (e.author?.name ?? '').length;
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

/** Every limit an embed breaks, as `path: rule` strings (empty when it is valid). */
export function embedViolations(e: APIEmbed): string[] {
  const out: string[] = [];
  const over = (path: string, s: string | undefined, max: number): void => {
    if (s !== undefined && s.length > max) out.push(`${path}: ${s.length} > ${max}`);
  };
  over('title', e.title, EMBED_LIMITS.title);
  over('description', e.description, EMBED_LIMITS.description);
  over('footer.text', e.footer?.text, EMBED_LIMITS.footer);
  over('author.name', e.author?.name, EMBED_LIMITS.authorName);
  const fields = e.fields ?? [];
  if (fields.length > EMBED_LIMITS.fields) out.push(`fields: ${fields.length} > ${EMBED_LIMITS.fields}`);
  fields.forEach((f, i) => {
    if (f.name.length === 0) out.push(`fields[${i}].name: empty`);
    if (f.value.length === 0) out.push(`fields[${i}].value: empty`);
    over(`fields[${i}].name`, f.name, EMBED_LIMITS.fieldName);
    over(`fields[${i}].value`, f.value, EMBED_LIMITS.fieldValue);
  });
  const total = embedLength(e);
  if (total > EMBED_LIMITS.total) out.push(`total: ${total} > ${EMBED_LIMITS.total}`);
  return out;
}

/** Shortens text to `max` characters, marking the cut with an ellipsis; never splits a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}
