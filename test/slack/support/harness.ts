/**
 * The real Slack adapter in HTTP mode on loopback, wired to a Web API / response_url stand-in,
 * with a captured log and a fake clock for the rate limit.
 */
import { safeDispatch } from '../../../commands/registry';
import type { CommandContext } from '../../../commands/types';
import { createSlackApp, type SlackAdapter, type SlackConfig } from '../../../adapters/slack';
import type { Reply } from '../../../src/reply/types';
import type { PostedMessage } from './blocks';
import { postSigned, slashBody, type PostResult, type SlashFields } from './sign';
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
  /** The rate limiter's clock, in ms; tests move it forward. */
  readonly clock: { t: number };
  /** Count of calls into the core's handler. */
  readonly handled: { n: number };
  /** Posts a signed `/vram <text>`; returns the HTTP result and the response_url id. */
  send(text: string, fields?: Partial<SlashFields>, sig?: { timestamp?: number; signature?: string }): Promise<PostResult & { id: string }>;
  /** `send`, then waits for the reply posted to the response_url. */
  ask(text: string, fields?: Partial<SlashFields>): Promise<{ ack: PostResult; message: PostedMessage; id: string }>;
  stop(): Promise<void>;
}

let seq = 0;

export interface HarnessOptions {
  readonly logLevel?: SlackConfig['logLevel'];
  readonly rateLimit?: SlackConfig['rateLimit'];
  /** The core's handler (default: the registry without services). */
  readonly handle?: (text: string, ctx: CommandContext) => Promise<Reply>;
}

export async function startHttpHarness(opts: HarnessOptions = {}): Promise<HttpHarness> {
  const standin = await SlackStandIn.start();
  const logs: string[] = [];
  const log = (msg: string, err?: unknown): void => { logs.push(err === undefined ? msg : `${msg} ${String(err)}`); };
  const clock = { t: 1_700_000_000_000 };
  const handled = { n: 0 };
  const handle = (text: string, ctx: CommandContext): Promise<Reply> => {
    handled.n += 1;
    return opts.handle ? opts.handle(text, ctx) : safeDispatch(text, ctx, log);
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
  }, { handle, log });
  const { port } = await adapter.start();
  const eventsUrl = `http://127.0.0.1:${port}/slack/events`;

  const send: HttpHarness['send'] = async (text, fields = {}, sig = {}) => {
    seq += 1;
    const id = `r${seq}`;
    const body = slashBody({ text, response_url: standin.responseUrl(id), ...fields });
    const r = await postSigned(eventsUrl, SIGNING_SECRET, body, sig);
    return { ...r, id };
  };
  return {
    standin, adapter, eventsUrl, logs, clock, handled, send,
    async ask(text, fields) {
      const ack = await send(text, fields);
      if (ack.status !== 200) throw new Error(`ack was ${ack.status}`);
      const got = await standin.waitForResponse(ack.id);
      return { ack, message: got.body as PostedMessage, id: ack.id };
    },
    async stop() {
      await adapter.stop();
      await standin.close();
    },
  };
}
