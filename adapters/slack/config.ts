/**
 * The Slack adapter's explicit configuration. Factories take this object and never read
 * `process.env`; `slackConfigFromEnv` maps the validated environment onto it (production),
 * tests build it by hand.
 */
import type { Reply } from '../../src/reply/types';
import type { ChartOutcome } from '../chart/attachment';
import type { Env } from '../env';
import type { RequestGuardConfig } from './guard';
import type { Route } from '../ops/health';

export type SlackLogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface SlackConfig {
  /** Bot token (`xoxb-...`): Web API calls and the `auth.test` at start-up. SECRET. */
  readonly botToken: string;
  /** Signing secret (hex): verifies every HTTP request. Required in HTTP mode. SECRET. */
  readonly signingSecret?: string;
  /** App-level token (`xapp-...`): when set, the adapter uses Socket Mode instead of HTTP. SECRET. */
  readonly appToken?: string;
  /** Web API base URL (default `https://slack.com/api/`): tests and local stand-ins point it at loopback. */
  readonly apiUrl?: string;
  /** HTTP mode: port for `/slack/events` (0 picks a free port). */
  readonly port: number;
  /** HTTP mode: interface to listen on (default: all interfaces). Tests use `127.0.0.1`. */
  readonly host?: string;
  readonly logLevel: SlackLogLevel;
  /** Per-user request budget (default 10 requests per 60 s). */
  readonly rateLimit?: { readonly capacity: number; readonly windowMs: number };
  /** Clock for the rate limit, in ms (default `Date.now`). */
  readonly now?: () => number;
  /** Socket Mode tuning: how long to wait for a pong; also the base delay before reconnecting. */
  readonly socketPingTimeoutMs?: number;
  /** Timeout for each outgoing HTTP call (response_url, Web API), in ms (default 10 s). */
  readonly httpTimeoutMs?: number;
  /**
   * Upload an estimate's chart (PNG, `files.uploadV2`) into the channel after a public reply
   * (default true). Needs the `files:write` scope and the bot in the channel; private replies
   * never get a chart.
   */
  readonly charts?: boolean;
  /**
   * Renders a reply's chart (default: `chartFile`'s file, rasterised in a worker thread so the
   * event loop stays free for acks); tests inject failures.
   */
  readonly renderChart?: (reply: Reply) => ChartOutcome | Promise<ChartOutcome>;
  /** Workspace-admin lookups (`users.info`) for preset permissions. */
  readonly adminLookup?: AdminLookupConfig;
  /**
   * Future-timestamp skew, replay and second-delivery memory (`guard.ts`; defaults: 60 s,
   * 100 000 signatures, requests kept 10 minutes by trigger_id, 100 000 of them).
   */
  readonly requestGuard?: RequestGuardConfig;
  /** HTTP mode: more routes on the same server (the operator's `/healthz`, `/readyz`, `/metrics`). */
  readonly customRoutes?: readonly Route[];
}

export interface AdminLookupConfig {
  /** How long an answer is kept per user (default 10 minutes). */
  readonly ttlMs?: number;
  /** Users kept at most (default 10 000; expired, then oldest entries go first). */
  readonly maxEntries?: number;
  /** Longest wait for `users.info` before answering as not-admin (default 5 s). */
  readonly timeoutMs?: number;
}

/** The slash command this adapter answers (see slack/manifest.yml). */
export const SLASH_COMMAND = '/vram';
/** HTTP mode: the request URL path Slack posts slash commands to. */
export const EVENTS_PATH = '/slack/events';
export const DEFAULT_RATE_LIMIT = { capacity: 10, windowMs: 60_000 } as const;

/** A configuration error that names the variable to fix. */
export class SlackConfigError extends Error {
  readonly code = 'slack_config';
  constructor(message: string) {
    super(message);
    this.name = 'SlackConfigError';
  }
}

/**
 * Maps the validated environment onto the adapter's config.
 * @throws SlackConfigError naming the missing variable
 */
export function slackConfigFromEnv(env: Env): SlackConfig {
  if (!env.SLACK_BOT_TOKEN) throw new SlackConfigError('SLACK_BOT_TOKEN is required to start the Slack adapter');
  if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
    throw new SlackConfigError('SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  return {
    botToken: env.SLACK_BOT_TOKEN,
    ...(env.SLACK_SIGNING_SECRET ? { signingSecret: env.SLACK_SIGNING_SECRET } : {}),
    ...(env.SLACK_APP_TOKEN ? { appToken: env.SLACK_APP_TOKEN } : {}),
    ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    charts: env.SLACK_CHARTS,
  };
}

/** The secret values in a config, for redaction. */
export function secretsOf(config: SlackConfig): string[] {
  return [config.botToken, config.signingSecret, config.appToken].filter((s): s is string => typeof s === 'string' && s.length > 0);
}
