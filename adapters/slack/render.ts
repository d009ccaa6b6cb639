/**
 * Slack rendering: the neutral `Reply` as a Block Kit message within Slack's limits, with a
 * plain-text fallback (notifications, clients without blocks). Channel replies are `in_channel`,
 * private ones (errors always) `ephemeral`. `reply.actions` become buttons (`actions.ts`
 * handles the clicks).
 */
import type { types } from '@slack/bolt';
import { replyText, tableText } from '../../src/reply/text';
import type { Reply, ReplyAction, ReplyField, ReplySection, ReplyTable, Severity } from '../../src/reply/types';
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
  /** `actions.elements`. */
  actionsElements: 25,
  /** A button's `text` (plain_text), `value` and `action_id`. */
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
} as const;

/** Buttons' `action_id` is this plus the action's id; `app.action` matches the prefix. */
export const ACTION_ID_PREFIX = 'vram_action:';
export const ACTION_ID_PATTERN = /^vram_action:/;
/** The `block_id` of the buttons' block. */
export const ACTIONS_BLOCK_ID = 'vram_actions';

/** What `respond()` posts to the response_url. */
export interface SlackMessage {
  readonly response_type: 'in_channel' | 'ephemeral';
  readonly text: string;
  readonly blocks: Block[];
  /** Button replies: a new message, never replacing the one clicked. */
  readonly replace_original?: false;
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

/** At most `max` blocks, the last one saying what was cut. */
function capBlocks(blocks: Block[], max: number): Block[] {
  if (blocks.length <= max) return blocks;
  return [...blocks.slice(0, max - 1), context([`${TRUNCATED}: the answer is longer than one Slack message.`])];
}

/** A button's `value`: the invocation it runs, as JSON (Slack sends it back on a click). */
export function actionValue(a: ReplyAction): string {
  return JSON.stringify({ v: 1, ...a.invocation });
}

/**
 * One button per action (`action_id` `vram_action:<id>`, `value` the invocation to run, as JSON).
 * An action whose invocation is over Slack's 2000-character `value` limit (or a repeated
 * id) gets no button: the reply stays valid without it.
 */
export function actionButtons(actions: readonly ReplyAction[]): types.Button[] {
  const seen = new Set<string>();
  const out: types.Button[] = [];
  for (const a of actions) {
    const actionId = `${ACTION_ID_PREFIX}${a.id}`;
    const label = a.label.trim();
    const value = actionValue(a);
    if (value.length > LIMITS.buttonValue) continue;
    if (actionId.length > LIMITS.actionId || seen.has(actionId) || label === '') continue;
    seen.add(actionId);
    out.push({ type: 'button', action_id: actionId, text: { type: 'plain_text', text: truncate(label, LIMITS.buttonText, '…'), emoji: true }, value });
    if (out.length === LIMITS.actionsElements) break;
  }
  return out;
}

/**
 * The reply as a Slack message: header (severity emoji + title), verdict, fields, the table as
 * a code block, sections, notes in small print, then the buttons (kept even when the rest is
 * cut to fit 50 blocks).
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
  const buttons = actionButtons(r.actions ?? []);
  const actions: Block[] = buttons.length > 0 ? [{ type: 'actions', block_id: ACTIONS_BLOCK_ID, elements: buttons }] : [];
  return {
    response_type: r.visibility === 'private' || r.severity === 'error' ? 'ephemeral' : 'in_channel',
    text: truncate(escapeMrkdwn(replyText(r)), LIMITS.fallbackText),
    blocks: [...capBlocks(blocks, LIMITS.blocks - actions.length), ...actions],
  };
}
