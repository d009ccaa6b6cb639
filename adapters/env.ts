/**
 * The process environment, read in one place and validated with zod at start-up. A missing or
 * malformed variable stops the process with a message naming it. Secrets are never logged:
 * `describeEnv` prints which adapters run and why, not values.
 */
import { z } from 'zod';

const nonEmpty = z.string().trim().min(1);
const optionalUrl = z.string().trim().url().optional().or(z.literal('').transform(() => undefined));
/** A URL node-postgres accepts as a connection string, with a host (the value is never echoed). */
function isPostgresUrl(v: string): boolean {
  try {
    const u = new URL(v);
    // A Unix socket is given as ?host=/path (node-postgres' pg-connection-string).
    return (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && (u.hostname !== '' || u.searchParams.has('host'));
  } catch {
    return false;
  }
}

export const EnvSchema = z.object({
  SLACK_BOT_TOKEN: nonEmpty.regex(/^xox[bp]-/, 'must start with xoxb- (bot token)').optional(),
  SLACK_SIGNING_SECRET: nonEmpty.regex(/^[0-9a-f]{16,}$/i, 'must be the hex signing secret from the app\'s Basic Information page').optional(),
  SLACK_APP_TOKEN: nonEmpty.regex(/^xapp-/, 'must start with xapp- (app-level token for Socket Mode)').optional(),
  SLACK_API_URL: optionalUrl,
  /**
   * Distribution to many workspaces (Bolt's OAuth install flow, adapters/slack/installations.ts):
   * all three together, instead of SLACK_BOT_TOKEN. The secret and the state secret are SECRET.
   */
  SLACK_CLIENT_ID: nonEmpty.regex(/^\d+\.\d+$/, 'must be the Client ID from Basic Information > App Credentials (digits.digits)').optional(),
  SLACK_CLIENT_SECRET: nonEmpty.regex(/^[0-9a-f]{16,}$/i, 'must be the hex Client Secret from Basic Information > App Credentials').optional(),
  SLACK_STATE_SECRET: nonEmpty.min(16, 'must be at least 16 characters (any random string, the same on every instance)').optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  SLACK_CHARTS: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  DISCORD_TOKEN: nonEmpty.optional(),
  DISCORD_APPLICATION_ID: nonEmpty.regex(/^\d{15,25}$/, 'must be the numeric application id').optional(),
  DISCORD_GUILD_ID: nonEmpty.regex(/^\d{15,25}$/, 'must be a numeric guild id').optional(),
  DISCORD_API_URL: optionalUrl,
  /**
   * `npm run start:sharded`: how many gateway shards to run. `auto` (the default) takes the
   * gateway's recommendation (`GET /gateway/bot` `shards`); a number overrides it.
   */
  DISCORD_SHARDS: nonEmpty.regex(/^(auto|[1-9]\d{0,5})$/, "must be 'auto' or a whole number of shards from 1 to 999999").default('auto')
    .transform((v): number | 'auto' => (v === 'auto' ? 'auto' : Number(v))),
  DATA_DIR: nonEmpty.default('./data'),
  /**
   * Optional: keep presets, run records and the Hub cache in PostgreSQL (several instances share
   * them) instead of SQLite files in DATA_DIR. A secret (it may hold a password): only its host
   * and database are logged (adapters/store/postgres.ts `describeDatabaseUrl`).
   */
  DATABASE_URL: nonEmpty.optional().refine((v) => v === undefined || isPostgresUrl(v), "must be a postgres:// or postgresql:// URL, e.g. postgres://user:password@host:5432/vram"),
  ADMIN_USER_IDS: z.string().optional().transform((s) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : [])),
  HF_TOKEN: nonEmpty.optional(),
  HF_ENDPOINT: optionalUrl,
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** `/healthz`, `/readyz` and `/metrics` on a port of their own (also on the Slack server in HTTP mode). */
  OPS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** How long SIGTERM waits for in-flight commands before the process exits anyway. */
  DRAIN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(20_000),
});
export type Env = z.infer<typeof EnvSchema>;

export type EnvResult = { ok: true; env: Env } | { ok: false; message: string };

/** Validates `source` (process.env in production; explicit objects in tests). */
export function parseEnv(source: Readonly<Record<string, string | undefined>>): EnvResult {
  // Empty strings (a blank line in .env) count as unset.
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(source)) if (v !== undefined && v.trim() !== '') cleaned[k] = v;
  const r = EnvSchema.safeParse(cleaned);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `${String(i.path[0] ?? '?')}: ${i.message}`);
    return { ok: false, message: `Invalid environment:\n  ${lines.join('\n  ')}` };
  }
  const env = r.data;
  const pairs: [string | undefined, string | undefined, string, string][] = [
    // With OAuth distribution (any of its variables) there is no fixed bot token: checked below.
    [env.SLACK_BOT_TOKEN ?? (env.SLACK_CLIENT_ID ?? env.SLACK_CLIENT_SECRET ?? env.SLACK_STATE_SECRET ? env.SLACK_SIGNING_SECRET : undefined), env.SLACK_SIGNING_SECRET, 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'],
    [env.DISCORD_TOKEN, env.DISCORD_APPLICATION_ID, 'DISCORD_TOKEN', 'DISCORD_APPLICATION_ID'],
  ];
  for (const [a, b, na, nb] of pairs) {
    if (a && !b) return { ok: false, message: `Invalid environment:\n  ${nb}: required when ${na} is set` };
    if (b && !a) return { ok: false, message: `Invalid environment:\n  ${na}: required when ${nb} is set` };
  }
  if (env.SLACK_APP_TOKEN && !env.SLACK_BOT_TOKEN) return { ok: false, message: 'Invalid environment:\n  SLACK_BOT_TOKEN: required when SLACK_APP_TOKEN is set' };
  // OAuth distribution: the three together, with the signing secret, in HTTP mode, without a fixed bot token.
  const oauthVars = { SLACK_CLIENT_ID: env.SLACK_CLIENT_ID, SLACK_CLIENT_SECRET: env.SLACK_CLIENT_SECRET, SLACK_STATE_SECRET: env.SLACK_STATE_SECRET };
  const oauthSet = Object.entries(oauthVars).filter(([, v]) => v !== undefined).map(([k]) => k);
  if (oauthSet.length > 0) {
    const missing = Object.keys(oauthVars).filter((k) => !oauthSet.includes(k));
    if (missing.length > 0) return { ok: false, message: `Invalid environment:\n  ${missing.join(', ')}: required when ${oauthSet.join(', ')} ${oauthSet.length === 1 ? 'is' : 'are'} set (OAuth distribution needs all three)` };
    if (env.SLACK_BOT_TOKEN) return { ok: false, message: 'Invalid environment:\n  SLACK_BOT_TOKEN: conflicts with SLACK_CLIENT_ID (OAuth distribution takes each workspace\'s token from its installation); set one or the other' };
    if (env.SLACK_APP_TOKEN) return { ok: false, message: 'Invalid environment:\n  SLACK_APP_TOKEN: conflicts with SLACK_CLIENT_ID (OAuth distribution needs HTTP mode for /slack/install and /slack/oauth_redirect)' };
    if (!env.SLACK_SIGNING_SECRET) return { ok: false, message: 'Invalid environment:\n  SLACK_SIGNING_SECRET: required when SLACK_CLIENT_ID is set' };
  }
  return { ok: true, env };
}

/** Which adapters this environment starts, with the reason (no secret values). */
export function plannedAdapters(env: Env): { slack: string | null; discord: string | null; console: string | null } {
  const slack = env.SLACK_CLIENT_ID ? `HTTP on port ${env.PORT}, path /slack/events, OAuth distribution (install at /slack/install)`
    : env.SLACK_BOT_TOKEN ? (env.SLACK_APP_TOKEN ? 'Socket Mode (SLACK_APP_TOKEN set)' : `HTTP on port ${env.PORT}, path /slack/events`) : null;
  const discord = env.DISCORD_TOKEN ? `gateway (guild-scoped: ${env.DISCORD_GUILD_ID ? 'yes' : 'no, global commands'})` : null;
  const consoleWhy = !slack && !discord ? 'no chat tokens in the environment' : null;
  return { slack, discord, console: consoleWhy };
}
