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
import type { InstallationStore } from '@slack/bolt';
import type { SharedState } from './shared-state';

export type SlackLogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface SlackConfig {
  /**
   * Bot token (`xoxb-...`): Web API calls and the `auth.test` at start-up. SECRET. Absent with
   * `oauth` (each workspace's token comes from its installation).
   */
  readonly botToken?: string;
  /**
   * Distribution to many workspaces (HTTP mode): Bolt's OAuth install flow on `/slack/install`
   * and `/slack/oauth_redirect`, a token per workspace from `installationStore`
   * (`installations.ts`). Replaces `botToken`.
   */
  readonly oauth?: SlackOAuthConfig;
  /**
   * Where second deliveries and rate-limit buckets are kept (`shared-state.ts`); default in
   * memory (one instance). A database-backed one makes any instance able to answer any request.
   */
  readonly sharedState?: SharedState;
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

export interface SlackOAuthConfig {
  /** Basic Information > App Credentials: Client ID. */
  readonly clientId: string;
  /** Client Secret. SECRET. */
  readonly clientSecret: string;
  /** Signs the OAuth `state` (any long random string; the same on every instance). SECRET. */
  readonly stateSecret: string;
  readonly installationStore: InstallationStore;
  /** Bot scopes asked for at install (default {@link BOT_SCOPES}, as slack/manifest.yml). */
  readonly scopes?: readonly string[];
  /** Slack's authorize page (default `https://slack.com/oauth/v2/authorize`; tests point it at loopback). */
  readonly authorizationUrl?: string;
}

/** The bot scopes of slack/manifest.yml `oauth_config.scopes.bot`. */
export const BOT_SCOPES = ['commands', 'chat:write', 'files:write', 'users:read'] as const;
/** Bolt's default OAuth paths (HTTPReceiver `installPath`, `redirectUriPath`). */
export const INSTALL_PATH = '/slack/install';
export const OAUTH_REDIRECT_PATH = '/slack/oauth_redirect';

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
export function slackConfigFromEnv(env: Env, stores: { readonly installationStore?: InstallationStore; readonly sharedState?: SharedState } = {}): SlackConfig {
  const oauth = slackOAuthFromEnv(env, stores.installationStore);
  if (!env.SLACK_BOT_TOKEN && !oauth) throw new SlackConfigError('SLACK_BOT_TOKEN is required to start the Slack adapter (or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET for distribution)');
  if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
    throw new SlackConfigError('SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  return {
    ...(oauth ? { oauth } : env.SLACK_BOT_TOKEN ? { botToken: env.SLACK_BOT_TOKEN } : {}),
    ...(stores.sharedState ? { sharedState: stores.sharedState } : {}),
    ...(env.SLACK_SIGNING_SECRET ? { signingSecret: env.SLACK_SIGNING_SECRET } : {}),
    ...(env.SLACK_APP_TOKEN ? { appToken: env.SLACK_APP_TOKEN } : {}),
    ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    charts: env.SLACK_CHARTS,
  };
}

/**
 * The OAuth settings when SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET are all
 * set (adapters/env.ts refuses one without the others), else undefined.
 * @throws SlackConfigError for OAuth in Socket Mode, or without an installation store
 */
export function slackOAuthFromEnv(env: Env, installationStore: InstallationStore | undefined): SlackOAuthConfig | undefined {
  if (!env.SLACK_CLIENT_ID || !env.SLACK_CLIENT_SECRET || !env.SLACK_STATE_SECRET) return undefined;
  if (env.SLACK_APP_TOKEN) throw new SlackConfigError('SLACK_CLIENT_ID (OAuth distribution) needs HTTP mode: unset SLACK_APP_TOKEN (the install and redirect pages are served on PORT)');
  if (!installationStore) throw new SlackConfigError('SLACK_CLIENT_ID (OAuth distribution) needs a store for installations: set DATABASE_URL, or a writable DATA_DIR');
  return { clientId: env.SLACK_CLIENT_ID, clientSecret: env.SLACK_CLIENT_SECRET, stateSecret: env.SLACK_STATE_SECRET, installationStore };
}

/** The secret values in a config, for redaction. */
export function secretsOf(config: SlackConfig): string[] {
  return [config.botToken, config.signingSecret, config.appToken, config.oauth?.clientSecret, config.oauth?.stateSecret]
    .filter((s): s is string => typeof s === 'string' && s.length > 0);
}
