/**
 * Logging without secrets: the bot token and interaction tokens (which sit in the URLs of
 * rejected requests) are replaced before anything reaches the process log.
 */
import type { AdapterDeps, LogFields } from '../types';

/** Token-bearing URL segments: `/interactions/{id}/{token}` and `/webhooks/{id}/{token}`. */
const URL_TOKEN = /\/(interactions|webhooks)\/(\d+)\/[^/\s?"']+/g;

/** Replaces the given secrets and any interaction token in `s`. */
export function redact(s: string, secrets: readonly string[]): string {
  let out = s.replace(URL_TOKEN, '/$1/$2/[redacted]');
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join('[redacted]');
  return out;
}

function redactError(err: unknown, secrets: readonly string[]): unknown {
  if (err === undefined) return undefined;
  if (!(err instanceof Error)) return redact(typeof err === 'string' ? err : String(err), secrets);
  const req = err as Error & { method?: unknown; url?: unknown; status?: unknown };
  const where = typeof req.url === 'string' ? ` [${String(req.method ?? '')} ${req.url} -> ${String(req.status ?? '')}]` : '';
  const copy = new Error(redact(`${err.message}${where}`, secrets));
  copy.name = err.name;
  copy.stack = redact(`${err.stack ?? `${err.name}: ${err.message}`}${where}`, secrets);
  return copy;
}

function redactFields(fields: LogFields, secrets: readonly string[]): LogFields {
  const out: Record<string, string | number | boolean | undefined> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = typeof v === 'string' ? redact(v, secrets) : v;
  return out;
}

/**
 * Wraps `log` so that no message, error or field it writes holds one of `secrets` or an
 * interaction token. Fields (`{ reqId }`) pass through.
 */
export function redactingLog(log: AdapterDeps['log'], secrets: readonly string[]): AdapterDeps['log'] {
  return (msg, err, fields) => {
    const safe = redactError(err, secrets);
    if (fields !== undefined) log(redact(msg, secrets), safe, redactFields(fields, secrets));
    else if (safe === undefined) log(redact(msg, secrets));
    else log(redact(msg, secrets), safe);
  };
}

/** `log` with `fields` added to every line (one interaction's `{ reqId }`). */
export function withFields(log: AdapterDeps['log'], fields: LogFields): AdapterDeps['log'] {
  return (msg, err, more) => log(msg, err, more ? { ...fields, ...more } : fields);
}
