/**
 * The process log: structured JSON lines (pino), one object per line with `level`, `time`,
 * `msg`, the error (`err`: type, message, stack) and the fields a line carries (`reqId` for every
 * line of one request, `errorId` for a failure the user was given an id for, `adapter`, ...).
 *
 * Secrets never reach it: every configured secret value (tokens, the signing secret) and anything
 * shaped like a Slack or Discord token is replaced in the serialised line itself, whatever field
 * or stack trace it sits in; keys that hold credentials (`authorization`, `token`, ...) are
 * redacted by path as well.
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogFields, LogFn } from '../types';

/** Slack tokens, and response_url / upload URL paths (capabilities too). */
const SLACK_TOKEN = /\b(?:xox[abeoprs]|xapp|xoxe\.xox[bp])-[A-Za-z0-9-]+/g;
const SLACK_URLS = /(https:\/\/(?:hooks|files)\.slack\.com\/)[^\s"'&\\]+/g;
/** Discord interaction/webhook tokens in URLs. */
const DISCORD_URL_TOKEN = /\/(interactions|webhooks)\/(\d+)\/[^/\s?"'\\]+/g;
const MASK = '[redacted]';

/** Credential-bearing keys, redacted wherever they appear in a logged object. */
const REDACT_PATHS = [
  'authorization', 'token', 'botToken', 'appToken', 'signingSecret', 'clientSecret', 'password',
  '*.authorization', '*.token', '*.botToken', '*.appToken', '*.signingSecret', '*.clientSecret', '*.password',
  'headers.authorization', 'req.headers.authorization', 'err.config.headers.Authorization',
];

/** Replaces every secret value and token shape in one serialised line. */
export function scrub(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const s of secrets) {
    if (s.length < 6) continue;
    out = out.split(s).join(MASK);
    const json = JSON.stringify(s).slice(1, -1);
    if (json !== s) out = out.split(json).join(MASK);
  }
  return out.replace(SLACK_TOKEN, MASK).replace(SLACK_URLS, `$1${MASK}`).replace(DISCORD_URL_TOKEN, `/$1/$2/${MASK}`);
}

export interface LoggerOptions {
  readonly level?: 'debug' | 'info' | 'warn' | 'error';
  /** Secret values from the environment. */
  readonly secrets: readonly string[];
  /** Where lines go (default: stderr). */
  readonly destination?: DestinationStream;
  /** Fields on every line (the process, the instance). */
  readonly base?: Readonly<Record<string, string | number>>;
}

export interface ProcessLog {
  readonly logger: Logger;
  /** The `LogFn` adapters and commands take. */
  readonly log: LogFn;
  /** Writes what is buffered (before exit). */
  flush(): void;
}

/** Which level a line goes out at: `fields.level` if given, `error` with an Error, else `info`. */
function levelOf(err: unknown, fields: LogFields | undefined): 'debug' | 'info' | 'warn' | 'error' {
  const l = fields?.level;
  if (l === 'debug' || l === 'info' || l === 'warn' || l === 'error') return l;
  return err instanceof Error ? 'error' : err !== undefined ? 'warn' : 'info';
}

export function createLogger(opts: LoggerOptions): ProcessLog {
  const secrets = [...opts.secrets];
  const logger = pino({
    level: opts.level ?? 'info',
    base: { ...(opts.base ?? {}), pid: process.pid },
    redact: { paths: REDACT_PATHS, censor: MASK },
    hooks: { streamWrite: (s: string) => scrub(s, secrets) },
    serializers: { err: pino.stdSerializers.err },
  }, opts.destination ?? pino.destination({ fd: 2, sync: true }));
  const log: LogFn = (msg, err, fields) => {
    const level = levelOf(err, fields);
    const { level: _l, ...rest } = fields ?? {};
    const obj: Record<string, unknown> = { ...rest };
    if (err instanceof Error) obj.err = err;
    else if (err !== undefined) obj.detail = typeof err === 'string' ? err : safeString(err);
    logger[level](obj, msg);
  };
  return { logger, log, flush: () => { logger.flush(); } };
}

function safeString(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** The secret values of the environment, for redaction. */
export function secretsOf(env: Readonly<Record<string, unknown>>): string[] {
  return ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'DISCORD_TOKEN', 'HF_TOKEN', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'DATABASE_URL']
    .map((k) => env[k])
    .filter((v): v is string => typeof v === 'string' && v.length > 0)
    .concat(databasePassword(env.DATABASE_URL));
}

/** The password inside DATABASE_URL on its own (a driver message may quote it without the URL). */
function databasePassword(url: unknown): string[] {
  if (typeof url !== 'string' || url.length === 0) return [];
  try {
    const p = decodeURIComponent(new URL(url).password);
    return p.length > 0 ? [p] : [];
  } catch {
    return [];
  }
}
