/**
 * The estimate's chart as a PNG in the channel, after the text reply: `files.uploadV2`
 * (files.getUploadURLExternal, the bytes to the returned upload_url, then
 * files.completeUploadExternal with the channel). Only for replies everyone saw; the text reply
 * is complete without it, and a failure (rendering, `not_in_channel`, an outage) is logged and
 * never reaches the user.
 */
import type { AllMiddlewareArgs } from '@slack/bolt';
import type { Reply } from '../../src/reply/types';
import type { ChartOutcome } from '../chart/attachment';
import type { LogFn } from './logger';

type WebClient = AllMiddlewareArgs['client'];

export interface ChartDeps {
  /** Upload charts at all (config `charts`, default true). */
  readonly enabled: boolean;
  /** The chart file for a reply (default: `chart-render.ts`, off the event loop). */
  readonly render: (reply: Reply) => ChartOutcome | Promise<ChartOutcome>;
  /** Counts a failure (`chart_render`, `chart_upload`) in the metrics, when there are any. */
  readonly failed?: (kind: 'chart_render' | 'chart_upload') => void;
}

/** Slack's limit for a file's `alt_text`. */
const ALT_TEXT_MAX = 1000;
const TITLE_MAX = 250;

const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/** Slack's error code from a Web API error, when it has one. */
function slackError(err: unknown): string | undefined {
  const data = (err as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/**
 * Renders and uploads `reply.chart` into `where.channelId`; does nothing when the reply has no
 * chart or charts are off. The caller decides that the reply was public. Never throws.
 * @returns whether a chart was shared
 */
export async function shareChart(
  reply: Reply,
  where: { readonly client: WebClient; readonly channelId: string; readonly teamId: string },
  d: ChartDeps,
  log: LogFn,
): Promise<boolean> {
  if (!d.enabled || !reply.chart || !where.channelId) return false;
  const place = `team ${where.teamId}, channel ${where.channelId}`;
  let out: ChartOutcome;
  try {
    out = await d.render(reply);
  } catch (err) {
    // The default renderer never throws; an injected one might.
    log(`slack: chart rendering threw; the text reply went out without it (${place})`, err);
    d.failed?.('chart_render');
    return false;
  }
  if (!out.ok) {
    log(`slack: chart rendering failed; the text reply went out without it (${place})`, out.error);
    d.failed?.('chart_render');
    return false;
  }
  if (!out.file) return false;
  try {
    await where.client.files.uploadV2({
      channel_id: where.channelId,
      file: out.file.data,
      filename: out.file.name,
      title: clip(reply.chart.title, TITLE_MAX),
      alt_text: clip(out.file.alt, ALT_TEXT_MAX),
    });
    return true;
  } catch (err) {
    const code = slackError(err);
    const hint = code === 'not_in_channel' || code === 'channel_not_found'
      ? ' (invite the bot to the channel, `/invite @vram-bot`, to get charts there)'
      : code === 'missing_scope' ? ' (the app needs the files:write scope)' : '';
    log(`slack: chart upload failed${code ? ` [${code}]` : ''}${hint}; the text reply went out without it (${place})`, err);
    d.failed?.('chart_upload');
    return false;
  }
}
