/**
 * The real Slack adapter in HTTP mode on loopback, wired to a Web API / response_url stand-in,
 * with a captured log and a fake clock for the rate limit.
 */
import { createHandler, type HandlerOptions } from '../../../commands/handler';
import type { CommandContext, Invocation } from '../../../commands/types';
import { createSlackApp, type SlackAdapter, type SlackConfig } from '../../../adapters/slack';
import type { Metrics } from '../../../adapters/ops/metrics';
import type { LogFields } from '../../../adapters/types';
import type { Reply } from '../../../src/reply/types';
import type { PostedMessage } from './blocks';
import { blockActionsPayload, interactionBody, postSigned, slashBody, type ClickFields, type PostOptions, type PostResult, type SlashFields } from './sign';
import { SlackStandIn } from './standin';

/** Fake but well-formed secrets: the logging test asserts they never appear in logs. */
export const BOT_TOKEN = 'xoxb-1111111111-2222222222-StandInBotTokenValue';
export const SIGNING_SECRET = '7c1e9d3f0a5b4e2d8c6a1f3e5d7b9a0c';
export const APP_TOKEN = 'xapp-1-A0001-3333333333-StandInAppTokenValue';

export interface HttpHarness {
  readonly standin: SlackStandIn;
  readonly adapter: SlackAdapter;
  readonly eventsUrl: string;
  /** Every log line (message and error text). */
  readonly logs: string[];
  /** Every log line as logged: message, error and fields (`reqId`). */
  readonly entries: LogEntry[];
  /** The rate limiter's clock, in ms; tests move it forward. */
  readonly clock: { t: number };
  /** Count of calls into the core's handler. */
  readonly handled: { n: number };
  /** Every call into the core's handler: the invocation the adapter parsed and its context. */
  readonly calls: { readonly inv: Invocation; readonly ctx: CommandContext }[];
  /** Posts a signed `/vram <text>`; returns the HTTP result and the response_url id. */
  send(text: string, fields?: Partial<SlashFields>, sig?: Sig): Promise<PostResult & { id: string }>;
  /** `send`, then waits for the reply posted to the response_url. */
  ask(text: string, fields?: Partial<SlashFields>): Promise<{ ack: PostResult; message: PostedMessage; id: string }>;
  /** Posts a signed `block_actions` payload: a click on a button whose value is `value`. */
  sendClick(value: string, fields?: Partial<ClickFields>, sig?: Sig): Promise<PostResult & { id: string }>;
  /** `sendClick`, then waits for the reply posted to the action's response_url. */
  click(value: string, fields?: Partial<ClickFields>): Promise<{ ack: PostResult; message: PostedMessage; id: string }>;
  /** POSTs `body` as it is to the events URL, signed (or as `opts` say). */
  post(body: string | Buffer, opts?: PostOptions): Promise<PostResult>;
  stop(): Promise<void>;
}

export interface LogEntry {
  readonly msg: string;
  readonly err: unknown;
  readonly fields: LogFields | undefined;
}

type Sig = PostOptions;

let seq = 0;

export interface HarnessOptions {
  readonly logLevel?: SlackConfig['logLevel'];
  readonly rateLimit?: SlackConfig['rateLimit'];
  /** Replaces the core's `handle` (parsing stays real). */
  readonly handle?: (inv: Invocation) => Promise<Reply>;
  /** Services behind the core (a preset store, admins). */
  readonly core?: Omit<HandlerOptions, 'log'>;
  /** Extra adapter settings (charts, renderChart, adminLookup, requestGuard, sharedState). */
  readonly config?: Pick<SlackConfig, 'charts' | 'renderChart' | 'adminLookup' | 'requestGuard' | 'sharedState'>;
  /** A stand-in shared with other harnesses (two instances, one Slack): not closed by `stop()`. */
  readonly standin?: SlackStandIn;
  /** The rate limit's clock, shared with other harnesses (default a fresh one). */
  readonly clock?: { t: number };
  /** Passed to the adapter as `deps.metrics` (default none). */
  readonly metrics?: Metrics;
}

export async function startHttpHarness(opts: HarnessOptions = {}): Promise<HttpHarness> {
  const standin = opts.standin ?? await SlackStandIn.start();
  const logs: string[] = [];
  const entries: LogEntry[] = [];
  const log = (msg: string, err?: unknown, fields?: LogFields): void => {
    logs.push(err === undefined ? msg : `${msg} ${String(err)}`);
    entries.push({ msg, err, fields });
  };
  const clock = opts.clock ?? { t: 1_700_000_000_000 };
  const handled = { n: 0 };
  const calls: { inv: Invocation; ctx: CommandContext }[] = [];
  const base = createHandler({ ...(opts.core ?? {}), log });
  const core = {
    ...base,
    handle: (inv: Invocation, scope?: Parameters<typeof base.handle>[1]): Promise<Reply> => {
      handled.n += 1;
      calls.push({ inv, ctx: inv.context });
      return opts.handle ? opts.handle(inv) : base.handle(inv, scope);
    },
  };
  const adapter = createSlackApp({
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    apiUrl: standin.apiUrl,
    port: 0,
    host: '127.0.0.1',
    logLevel: opts.logLevel ?? 'info',
    now: () => clock.t,
    ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}),
    ...opts.config,
  }, { core, log, ...(opts.metrics ? { metrics: opts.metrics } : {}) });
  const { port } = await adapter.start();
  const eventsUrl = `http://127.0.0.1:${port}/slack/events`;

  const send: HttpHarness['send'] = async (text, fields = {}, sig = {}) => {
    seq += 1;
    const id = `r${seq}`;
    const body = slashBody({ text, response_url: standin.responseUrl(id), ...fields });
    const r = await postSigned(eventsUrl, SIGNING_SECRET, body, sig);
    return { ...r, id };
  };
  const sendClick: HttpHarness['sendClick'] = async (value, fields = {}, sig = {}) => {
    seq += 1;
    const id = `a${seq}`;
    const body = interactionBody(blockActionsPayload({ value, response_url: standin.responseUrl(id), ...fields }));
    const r = await postSigned(eventsUrl, SIGNING_SECRET, body, sig);
    return { ...r, id };
  };
  const awaitReply = async (ack: PostResult & { id: string }): Promise<{ ack: PostResult; message: PostedMessage; id: string }> => {
    if (ack.status !== 200) throw new Error(`ack was ${ack.status}`);
    const got = await standin.waitForResponse(ack.id);
    return { ack, message: got.body as PostedMessage, id: ack.id };
  };
  return {
    standin, adapter, eventsUrl, logs, entries, clock, handled, calls, send, sendClick,
    post: (body, o) => postSigned(eventsUrl, SIGNING_SECRET, body, o),
    ask: async (text, fields) => awaitReply(await send(text, fields)),
    click: async (value, fields) => awaitReply(await sendClick(value, fields)),
    async stop() {
      await adapter.stop();
      if (!opts.standin) await standin.close();
    },
  };
}
