/**
 * Slack's request signing, done exactly as Slack does it: `v0=` + hex HMAC-SHA256 of
 * `v0:<timestamp>:<raw body>` keyed with the signing secret, sent in `X-Slack-Signature` with
 * `X-Slack-Request-Timestamp`; slash commands arrive form-encoded.
 */
import { createHmac } from 'node:crypto';
import { request } from 'node:http';

/** Over the raw bytes, as Slack signs them (a string is its UTF-8 bytes). */
export function slackSignature(secret: string, timestamp: number | string, rawBody: string | Buffer): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(rawBody).digest('hex')}`;
}

export interface SlashFields {
  readonly text: string;
  readonly response_url: string;
  readonly user_id?: string;
  readonly team_id?: string;
  readonly channel_id?: string;
  /** Default: a fresh one per body, as Slack gives every invocation its own. '' leaves it out. */
  readonly trigger_id?: string;
}

let triggers = 0;
/** A trigger id shaped like Slack's, different each call. */
export function newTriggerId(): string {
  triggers += 1;
  return `1337.${triggers}.${process.pid.toString(16)}abcdef`;
}

/** The form body Slack posts for a slash command. */
export function slashBody(f: SlashFields): string {
  return new URLSearchParams({
    token: 'verification-token-deprecated',
    team_id: f.team_id ?? 'T0001',
    team_domain: 'example',
    channel_id: f.channel_id ?? 'C0001',
    channel_name: 'ml-infra',
    user_id: f.user_id ?? 'U0001',
    user_name: 'ada',
    command: '/vram',
    text: f.text,
    api_app_id: 'A0001',
    is_enterprise_install: 'false',
    response_url: f.response_url,
    ...(f.trigger_id === '' ? {} : { trigger_id: f.trigger_id ?? newTriggerId() }),
  }).toString();
}

export interface ClickFields {
  /** The button's `action_id` (default `vram_action:how`). */
  readonly action_id?: string;
  /** The button's `value`: the `/vram` text to run. */
  readonly value: string;
  readonly response_url: string;
  readonly user_id?: string;
  readonly team_id?: string;
  readonly channel_id?: string;
  /** Default: a fresh one per payload, as Slack gives every click its own. */
  readonly trigger_id?: string;
}

/** The payload Slack posts when someone clicks a button in a message (`block_actions`). */
export function blockActionsPayload(f: ClickFields): Record<string, unknown> {
  const team = f.team_id ?? 'T0001';
  const channel = f.channel_id ?? 'C0001';
  const actionId = f.action_id ?? 'vram_action:how';
  return {
    type: 'block_actions',
    user: { id: f.user_id ?? 'U0001', username: 'ada', name: 'ada', team_id: team },
    api_app_id: 'A0001',
    token: 'verification-token-deprecated',
    container: { type: 'message', message_ts: '1700000000.000200', channel_id: channel, is_ephemeral: false },
    trigger_id: f.trigger_id ?? newTriggerId(),
    team: { id: team, domain: 'example' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel, name: 'ml-infra' },
    message: { type: 'message', ts: '1700000000.000200', text: 'an estimate', bot_id: 'B0BOT' },
    state: { values: {} },
    response_url: f.response_url,
    actions: [{
      type: 'button', action_id: actionId, block_id: 'vram_actions', value: f.value,
      text: { type: 'plain_text', text: 'Show the math', emoji: true }, action_ts: '1700000001.000300',
    }],
  };
}

/** The form body Slack posts for an interaction: one field, `payload`, holding the JSON. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export interface PostResult {
  readonly status: number;
  readonly body: string;
  /** Time until the HTTP response completed (the ack), in ms. */
  readonly ms: number;
}

export interface PostOptions {
  /** Seconds since the epoch (default now). */
  readonly timestamp?: number;
  /** A forged signature ('' sends none). */
  readonly signature?: string;
  /** Default `application/x-www-form-urlencoded`; null sends no content-type. */
  readonly contentType?: string | null;
  /** More headers (`x-slack-retry-num`, ...). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Give up after this many ms (rejects). */
  readonly timeoutMs?: number;
}

/**
 * POSTs `body` to `url`, signed with `secret` (or the given forged signature / timestamp).
 * One connection per request, so no keep-alive socket outlives a test.
 */
export function postSigned(url: string, secret: string, body: string | Buffer, opts: PostOptions = {}): Promise<PostResult> {
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = opts.signature ?? slackSignature(secret, ts, body);
  const contentType = opts.contentType === undefined ? 'application/x-www-form-urlencoded' : opts.contentType;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      agent: false,
      headers: {
        ...(contentType === null ? {} : { 'content-type': contentType }),
        'content-length': Buffer.byteLength(body),
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': signature,
        ...opts.headers,
      },
      ...(opts.timeoutMs ? { timeout: opts.timeoutMs } : {}),
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
    req.end(body);
  });
}
