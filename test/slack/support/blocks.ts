/**
 * Reading what Slack would show: all text in a message's blocks and fallback, and the Block Kit
 * limits every message must keep.
 */

export interface PostedMessage {
  readonly response_type?: string;
  readonly replace_original?: boolean;
  readonly text?: string;
  readonly blocks?: readonly object[];
}

export interface PostedButton {
  readonly action_id: string;
  readonly value?: string;
  readonly text: { readonly type: string; readonly text: string };
}

const blocksOf = (m: PostedMessage): readonly Record<string, unknown>[] => (m.blocks ?? []) as readonly Record<string, unknown>[];

/** The `type` of each block, in order. */
export function blockTypes(m: PostedMessage): unknown[] {
  return blocksOf(m).map((b) => b.type);
}

/** Every button in the message's `actions` blocks, in order. */
export function buttons(m: PostedMessage): PostedButton[] {
  return blocksOf(m)
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements as PostedButton[] | undefined) ?? []);
}

/** Undoes Slack's `&amp;`, `&lt;`, `&gt;` escaping. */
export function unescapeSlack(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function texts(v: unknown, out: string[]): void {
  if (Array.isArray(v)) for (const x of v) texts(x, out);
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.text === 'string') out.push(o.text);
    for (const [k, x] of Object.entries(o)) if (k !== 'text' || typeof x !== 'string') texts(x, out);
  }
}

/** Every text in the blocks, then the fallback text, unescaped. */
export function messageText(m: PostedMessage): string {
  const out: string[] = [];
  texts(m.blocks ?? [], out);
  if (m.text) out.push(m.text);
  return unescapeSlack(out.join('\n'));
}

/** Block Kit limit violations in `m` (empty when it is valid). */
export function limitViolations(m: PostedMessage): string[] {
  const bad: string[] = [];
  const blocks = blocksOf(m);
  if (blocks.length > 50) bad.push(`${blocks.length} blocks`);
  blocks.forEach((b, i) => {
    const text = (b.text as { text?: string } | undefined)?.text;
    if (b.type === 'header' && ((text?.length ?? 0) > 150 || !text?.trim())) bad.push(`header ${i}: ${text?.length} chars`);
    if (b.type === 'section') {
      if (text !== undefined && text.length > 3000) bad.push(`section ${i}: ${text.length} chars`);
      const fields = (b.fields as { text: string }[] | undefined) ?? [];
      if (fields.length > 10) bad.push(`section ${i}: ${fields.length} fields`);
      for (const f of fields) if (f.text.length > 2000) bad.push(`section ${i}: a field of ${f.text.length} chars`);
      if ((text === undefined || text.trim() === '') && fields.length === 0) bad.push(`section ${i}: empty`);
      for (const f of fields) if (f.text.trim() === '') bad.push(`section ${i}: an empty field`);
    }
    if (b.type === 'actions') {
      const els = (b.elements as (PostedButton & { type: string })[] | undefined) ?? [];
      if (els.length > 25 || els.length === 0) bad.push(`actions ${i}: ${els.length} elements`);
      const ids = new Set<string>();
      for (const e of els) {
        if (e.type !== 'button') continue;
        if (e.text.type !== 'plain_text' || e.text.text.length > 75 || e.text.text.trim() === '') bad.push(`actions ${i}: button text of ${e.text.text.length} chars`);
        if ((e.value?.length ?? 0) > 2000) bad.push(`actions ${i}: button value of ${e.value?.length} chars`);
        if (e.action_id.length > 255 || ids.has(e.action_id)) bad.push(`actions ${i}: action_id ${e.action_id} too long or repeated`);
        ids.add(e.action_id);
      }
    }
    if (b.type === 'context') {
      const els = (b.elements as { text: string }[] | undefined) ?? [];
      if (els.length > 10 || els.length === 0) bad.push(`context ${i}: ${els.length} elements`);
      for (const e of els) if (e.text.length > 3000 || e.text.trim() === '') bad.push(`context ${i}: an element of ${e.text.length} chars`);
    }
  });
  return bad;
}
