/**
 * Everything a reply becomes on Discord: the embed (`render.ts`), its actions as buttons
 * (`actions.ts`), and its chart as an attached PNG that the embed shows
 * (`image: attachment://vram-chart.png`; discord.js uploads it as multipart `files[0]` beside
 * `payload_json`). A chart that fails to render (or times out, or finds the render queue full)
 * is logged and left out: the text answer is sent alone, never lost. The bot renders charts in
 * the worker pool (`prepareMessageAsync` with `charts`, see `adapters/chart/pool.ts`), never on
 * the main thread.
 */
import type { APIEmbed, MessageFlags } from 'discord.js';
import { chartFile, renderFailure, type ChartOutcome } from '../chart/attachment';
import type { Metrics } from '../ops/metrics';
import type { PngOptions } from '../chart/png';
import type { Reply } from '../../src/reply/types';
import type { AdapterDeps } from '../types';
import { actionRows, type ActionStore, type ButtonRow } from './actions';
import { clip } from './limits';
import { renderMessage } from './render';

/** Discord's limit on an attachment's description (its alt text). */
export const ATTACHMENT_DESCRIPTION_MAX = 1024;

/** A file for discord.js's `files` (an `AttachmentPayload`). */
export interface OutgoingFile {
  readonly attachment: Buffer;
  readonly name: string;
  readonly description: string;
}

/** A reply as discord.js's reply/editReply/followUp options. */
export interface OutgoingMessage {
  readonly embeds: APIEmbed[];
  readonly components: ButtonRow[];
  readonly files: OutgoingFile[];
  readonly flags?: MessageFlags.Ephemeral;
  readonly allowedMentions: { readonly parse: [] };
}

export interface MessageDeps {
  /** Where button ids are remembered. */
  readonly actions: ActionStore;
  /** Already redacting (see `log.ts`). */
  readonly log: AdapterDeps['log'];
  /** Chart look (Discord's default theme is dark). */
  readonly chart?: PngOptions;
  /** The in-thread chart renderer of `prepareMessage` (tests inject failures); default `chartFile`. */
  readonly renderChart?: (reply: Reply, opts: PngOptions) => ChartOutcome;
  /** The off-thread chart renderer of `prepareMessageAsync` (the bot's worker pool); default `renderChart`. */
  readonly charts?: (reply: Reply, opts: PngOptions) => Promise<ChartOutcome>;
  /** Counts charts left out (`error('discord', code)`). */
  readonly metrics?: Metrics;
}

/** The chart's theme on Discord unless configured: most clients show dark. */
export const DISCORD_CHART: PngOptions = { theme: 'dark' };

/**
 * The message for a reply: embed, buttons, and the chart when the reply has one and it renders.
 * @example prepareMessage(estimate, deps).embeds[0]?.image // { url: 'attachment://vram-chart.png' }
 */
export function prepareMessage(reply: Reply, deps: MessageDeps): OutgoingMessage {
  return messageFor(reply, (deps.renderChart ?? chartFile)(reply, deps.chart ?? DISCORD_CHART), deps);
}

/**
 * The same message with the chart rendered off the main thread (`deps.charts`, the worker
 * pool); a reply without a chart costs no render at all.
 */
export async function prepareMessageAsync(reply: Reply, deps: MessageDeps): Promise<OutgoingMessage> {
  if (!reply.chart) return messageFor(reply, { ok: true }, deps);
  const opts = deps.chart ?? DISCORD_CHART;
  let out: ChartOutcome;
  try {
    out = deps.charts ? await deps.charts(reply, opts) : (deps.renderChart ?? chartFile)(reply, opts);
  } catch (err) {
    out = { ok: false, error: renderFailure(err) }; // a renderer that throws still costs only the chart
  }
  return messageFor(reply, out, deps);
}

/** The message for a reply and its chart outcome (a failure is logged, the text kept). */
export function messageFor(reply: Reply, out: ChartOutcome, deps: MessageDeps): OutgoingMessage {
  const base = renderMessage(reply);
  if (!out.ok) {
    deps.log(`discord: chart not attached, sending the text alone (${out.error.code})`, out.error);
    deps.metrics?.error('discord', out.error.code);
  }
  const file = out.ok ? out.file : undefined;
  const [first, ...others] = base.embeds;
  const embeds = file && first ? [{ ...first, image: { url: `attachment://${file.name}` } }, ...others] : base.embeds;
  return {
    embeds,
    components: actionRows(reply.actions, deps.actions),
    files: file ? [{ attachment: file.data, name: file.name, description: clip(file.alt, ATTACHMENT_DESCRIPTION_MAX) }] : [],
    ...(base.flags !== undefined ? { flags: base.flags } : {}),
    allowedMentions: base.allowedMentions,
  };
}
