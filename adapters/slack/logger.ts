/**
 * Logging for the Slack adapter: every line, Bolt's included, goes through `redact` before it
 * reaches the process log, so tokens and the signing secret never appear in logs.
 */
import { LogLevel, type Logger } from '@slack/bolt';
import type { LogFields } from '../types';
import type { SlackLogLevel } from './config';

/** Slack token shapes (bot, user, app-level, refresh, config), whoever they belong to. */
const TOKEN_PATTERN = /\b(?:xox[abeoprs]|xapp|xoxe\.xox[bp])-[A-Za-z0-9-]+/g;
/** `token=...` in form bodies and `"token":"..."` in JSON (the slash command's verification token). */
const TOKEN_FIELD_PATTERN = /("token"\s*:\s*"|\btoken=)[^"&\s]+/gi;
/** response_urls are capabilities too: anyone holding one can post into the channel for 30 minutes. */
const RESPONSE_URL_PATTERN = /(https:\/\/hooks\.slack\.com\/)[^\s"'&]+/g;
/** files.uploadV2's upload_url (`https://files.slack.com/upload/v1/...`) accepts bytes for a while. */
const UPLOAD_URL_PATTERN = /(https:\/\/files\.slack\.com\/upload\/)[^\s"'&]+/g;
const MASK = '[redacted]';

/**
 * Removes the given secrets, anything shaped like a Slack token, and response_url and upload
 * URL paths from `text`.
 * @example redact('auth failed for xoxb-123-abc', []) // 'auth failed for [redacted]'
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join(MASK);
  return out.replace(TOKEN_PATTERN, MASK).replace(TOKEN_FIELD_PATTERN, `$1${MASK}`).replace(RESPONSE_URL_PATTERN, `$1${MASK}`).replace(UPLOAD_URL_PATTERN, `$1${MASK}`);
}

/** An error, or anything thrown, as one redacted string (stack included for real errors). */
export function describeError(err: unknown, secrets: readonly string[]): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const head = err.stack ?? `${err.name}: ${err.message}`;
    return redact(typeof code === 'string' && !head.includes(code) ? `[${code}] ${head}` : head, secrets);
  }
  return redact(typeof err === 'string' ? err : safeJson(err), secrets);
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** The process log's shape (`adapters/types.ts`): a message, an error, and fields such as `{ reqId }`. */
export type LogFn = (msg: string, err?: unknown, fields?: LogFields) => void;

/** String field values redacted like messages (a field may quote a URL or a body). */
function redactFields(fields: LogFields, secrets: readonly string[]): LogFields {
  const out: Record<string, string | number | boolean | undefined> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = typeof v === 'string' ? redact(v, secrets) : v;
  return out;
}

/** `log`, but every message, error and string field redacted first; fields pass through. */
/** A copy of `err` whose message and stack hold no secret. */
function redactedError(err: Error, secrets: readonly string[]): Error {
  const copy = new Error(redact(err.message, secrets));
  copy.name = err.name;
  copy.stack = describeError(err, secrets);
  return copy;
}

export function redactingLog(log: LogFn, secrets: readonly string[]): LogFn {
  return (msg, err, fields) => {
    const m = redact(msg, secrets);
    // An Error stays an Error (the process log serialises its type and stack), redacted.
    const e = err === undefined ? undefined : err instanceof Error ? redactedError(err, secrets) : describeError(err, secrets);
    if (fields === undefined) {
      if (e === undefined) log(m);
      else log(m, e);
    } else {
      log(m, e, redactFields(fields, secrets));
    }
  };
}

/**
 * `log` with `fields` added to every line (a request's `{ reqId }`); fields given at the call
 * win over these.
 * @example withFields(log, { reqId: '1337.42.abc' })('slack: ack failed', err)
 */
export function withFields(log: LogFn, fields: LogFields): LogFn {
  return (msg, err, more) => log(msg, err, more === undefined ? fields : { ...fields, ...more });
}

const RANK: Record<SlackLogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Bolt's `Logger` interface over the adapter's log function (redacted, level-filtered). */
export class BoltLogger implements Logger {
  private level: LogLevel;
  private name = 'slack';

  constructor(private readonly log: LogFn, private readonly secrets: readonly string[], level: SlackLogLevel) {
    this.level = level as LogLevel;
  }

  debug(...msg: unknown[]): void { this.write('debug', msg); }
  info(...msg: unknown[]): void { this.write('info', msg); }
  warn(...msg: unknown[]): void { this.write('warn', msg); }
  error(...msg: unknown[]): void { this.write('error', msg); }
  setLevel(level: LogLevel): void { this.level = level; }
  getLevel(): LogLevel { return this.level; }
  setName(name: string): void { this.name = name; }

  private write(level: SlackLogLevel, parts: unknown[]): void {
    if (RANK[level] < RANK[this.level as SlackLogLevel]) return;
    const text = parts.map((p) => (typeof p === 'string' ? p : describeError(p, this.secrets))).join(' ');
    this.log(`${this.name} ${level}: ${redact(text, this.secrets)}`);
  }
}
