/**
 * Slack rendering: the neutral `Reply` as a Block Kit message within Slack's limits, with a
 * plain-text fallback (notifications, clients without blocks). Channel replies are `in_channel`,
 * private ones (errors always) `ephemeral`.
 */
import type { types } from '@slack/bolt';
import { replyText, tableText } from '../../src/reply/text';
import type { Reply, ReplyField, ReplySection, ReplyTable, Severity } from '../../src/reply/types';
import { chunkLines, codeBlock, CODE_FENCE_OVERHEAD, escapeMrkdwn, TRUNCATED, truncate } from './mrkdwn';

type Block = types.KnownBlock;

/** Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks). */
export const LIMITS = {
  /** Blocks per message. */
  blocks: 50,
  /** `section.text`. */
  sectionText: 3000,
  /** `header.text` (plain_text). */
  headerText: 150,
  /** `section.fields` entries, and characters per entry. */
  fieldsPerSection: 10,
  fieldText: 2000,
  /** `context.elements`, and the characters we allow per element. */
  contextElements: 10,
  contextText: 2000,
  /** Fallback `text`: Slack accepts far more; notifications show only the start. */
  fallbackText: 3000,
} as const;

/** What `respond()` posts to the response_url. */
export interface SlackMessage {
  readonly response_type: 'in_channel' | 'ephemeral';
  readonly text: string;
  readonly blocks: Block[];
}

export const SEVERITY_EMOJI: Record<Severity, string> = { success: '✅', warning: '⚠️', danger: '❌', info: 'ℹ️', error: '⛔' };

const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) } });
const context = (texts: readonly string[]): Block => ({
  type: 'context',
  elements: texts.slice(0, LIMITS.contextElements).map((t) => ({ type: 'mrkdwn' as const, text: truncate(t, LIMITS.contextText) })),
});

function headerBlock(r: Reply): Block {
  const text = truncate(`${SEVERITY_EMOJI[r.severity]} ${r.title}`, LIMITS.headerText, '…');
  return { type: 'header', text: { type: 'plain_text', text, emoji: true } };
}

/** Long text split over as many sections as needed, at line boundaries (Slack rejects blank ones). */
function textSections(text: string): Block[] {
  return chunkLines(escapeMrkdwn(text).split('\n'), LIMITS.sectionText)
    .map((c) => c.join('\n'))
    .filter((t) => t.trim() !== '')
    .map(section);
}

/** Bold label; a `*` inside would end Slack's bold early, so it becomes the look-alike `∗`. */
const bold = (s: string): string => `*${s.replace(/\*/g, '∗')}*`;

const fieldText = (f: ReplyField): string => truncate(`${bold(escapeMrkdwn(f.name))}\n${escapeMrkdwn(f.value)}`, LIMITS.fieldText);

/** Inline fields side by side (`section.fields`, 10 per section); the others full width. */
function fieldBlocks(fields: readonly ReplyField[]): Block[] {
  const out: Block[] = [];
  let row: string[] = [];
  const flush = (): void => {
    for (let i = 0; i < row.length; i += LIMITS.fieldsPerSection) {
      out.push({ type: 'section', fields: row.slice(i, i + LIMITS.fieldsPerSection).map((text) => ({ type: 'mrkdwn' as const, text })) });
    }
    row = [];
  };
  for (const f of fields) {
    if (f.inline) {
      row.push(fieldText(f));
      continue;
    }
    flush();
    out.push(...textSections(`${bold(f.name)}\n${f.value}`));
  }
  flush();
  return out;
}

/** A table as monospace code blocks; each continuation repeats the header rows. */
function tableBlocks(t: ReplyTable): Block[] {
  const lines = tableText(t).map(escapeMrkdwn);
  const head = lines.slice(0, 2);
  const body = lines.slice(2);
  const budget = LIMITS.sectionText - CODE_FENCE_OVERHEAD;
  const headLen = head.join('\n').length + 1;
  if (body.length === 0 || headLen > budget / 2) return chunkLines(lines, budget).map((c) => section(codeBlock(c)));
  return chunkLines(body, budget - headLen).map((c) => section(codeBlock([...head, ...c])));
}

function sectionBlocks(s: ReplySection): Block[] {
  return textSections([bold(s.title), ...s.lines.map((l) => `• ${l}`)].join('\n'));
}

function noteBlocks(r: Reply): Block[] {
  const notes = [...r.notes.filter((n) => n.trim() !== '').map(escapeMrkdwn), ...(r.errorId ? [`Error id: \`${escapeMrkdwn(r.errorId)}\``] : [])];
  const chunks = chunkLines(notes, LIMITS.contextText).map((c) => c.join('\n'));
  const out: Block[] = [];
  for (let i = 0; i < chunks.length; i += LIMITS.contextElements) out.push(context(chunks.slice(i, i + LIMITS.contextElements)));
  return out;
}

/** At most `LIMITS.blocks`, the last one saying what was cut. */
function capBlocks(blocks: Block[]): Block[] {
  if (blocks.length <= LIMITS.blocks) return blocks;
  return [...blocks.slice(0, LIMITS.blocks - 1), context([`${TRUNCATED}: the answer is longer than one Slack message.`])];
}

/**
 * The reply as a Slack message: header (severity emoji + title), verdict, fields, the table as
 * a code block, sections, then notes in small print.
 *
 * @example renderSlack(errorReply('Unknown command', ['...'])).response_type // 'ephemeral'
 */
export function renderSlack(r: Reply): SlackMessage {
  const blocks: Block[] = [headerBlock(r)];
  if (r.description) blocks.push(...textSections(r.description));
  blocks.push(...fieldBlocks(r.fields));
  if (r.table) blocks.push(...tableBlocks(r.table));
  for (const s of r.sections) blocks.push(...sectionBlocks(s));
  const notes = noteBlocks(r);
  if (notes.length > 0) blocks.push({ type: 'divider' }, ...notes);
  return {
    response_type: r.visibility === 'private' || r.severity === 'error' ? 'ephemeral' : 'in_channel',
    text: truncate(escapeMrkdwn(replyText(r)), LIMITS.fallbackText),
    blocks: capBlocks(blocks),
  };
}
