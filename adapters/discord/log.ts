/**
 * Logging without secrets: the bot token and interaction tokens (which sit in the URLs of
 * rejected requests) are replaced before anything reaches the process log.
 */
import type { AdapterDeps } from '../types';

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

/** Wraps `log` so that no message or error it writes holds one of `secrets` or an interaction token. */
export function redactingLog(log: AdapterDeps['log'], secrets: readonly string[]): AdapterDeps['log'] {
  return (msg, err) => {
    const safe = redactError(err, secrets);
    if (safe === undefined) log(redact(msg, secrets));
    else log(redact(msg, secrets), safe);
  };
}
