import { int } from '../../src/format/text';
import { hubFail, hubOk, type HubError, type HubResult } from '../../src/hub/errors';

/**
 * One bounded GET against the Hub: a deadline over headers and body together, a size cap
 * enforced while the body streams, redirects followed only within the endpoint's origin, and
 * HTTP statuses mapped to Hub error codes. Never throws for anything the network or the server
 * does; never puts the token in an error.
 */

/**
 * A bug or a misconfiguration, not a user error: an endpoint that is not a bare http(s) origin,
 * or a request built for another host (which validated ids make impossible).
 */
export class HubClientError extends Error {
  override readonly name = 'HubClientError';
  constructor(readonly code: 'bad_endpoint' | 'off_host', message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface HttpLimits {
  /** Origin every request and redirect must stay on (`https://huggingface.co`). */
  readonly origin: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly fetchImpl: typeof fetch;
}

export type HttpOutcome = HubResult<string>;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 3;

/** Where a redirect points, or `undefined` when it has no target or one that is not a URL. */
function redirectTarget(location: string | null, from: URL): URL | undefined {
  if (location === null) return undefined;
  try {
    return new URL(location, from);
  } catch {
    return undefined;
  }
}

/** Why a 401/403/404 happened, from the Hub's `X-Error-Code` header. */
function statusError(id: string, res: Response, what: string): HubError {
  const hubCode = res.headers.get('x-error-code');
  if (res.status === 404 || hubCode === 'RepoNotFound' || hubCode === 'EntryNotFound') {
    const detail = hubCode === 'EntryNotFound'
      ? `The repo has no ${what} (GGUF-only, adapter-only and diffusers repos have none).`
      : 'Check the spelling; a private repo also needs HF_TOKEN with access to it.';
    return { code: 'not_found', id, status: res.status, detail };
  }
  if (res.status === 401 || res.status === 403) return { code: 'gated', id, status: res.status };
  const detail = res.status === 429 ? 'The Hub is rate-limiting requests.' : undefined;
  return { code: 'upstream', id, status: res.status, ...(detail ? { detail } : {}) };
}

/** Reads the body as UTF-8, aborting once it passes `maxBytes`. */
async function readCapped(res: Response, maxBytes: number, abort: () => void): Promise<{ text: string } | 'too_large' | 'not_utf8'> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    abort();
    return 'too_large';
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (res.body) {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        abort();
        await reader.cancel().catch(() => undefined);
        return 'too_large';
      }
      chunks.push(value);
    }
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)) };
  } catch {
    return 'not_utf8';
  }
}

/**
 * The total time one lookup may take, over all its requests: each request gets the smaller of
 * its own timeout and what is left of this.
 */
export interface LookupDeadline {
  /** When the lookup must be over, on the `performance.now()` clock. */
  readonly at: number;
  /** The whole deadline, in ms (for messages). */
  readonly totalMs: number;
}

/** A deadline of `totalMs` from now. */
export const deadlineIn = (totalMs: number): LookupDeadline => ({ at: performance.now() + totalMs, totalMs });

/**
 * GETs `url` (which must be on `limits.origin`) for the Hub id `id`; `what` names the file in
 * messages (`config.json`). The request is aborted (its AbortSignal fires) after
 * `limits.timeoutMs` or when `deadline` is reached, whichever comes first; with no time left it
 * is not sent at all.
 */
export async function getText(url: URL, id: string, what: string, limits: HttpLimits, deadline?: LookupDeadline): Promise<HttpOutcome> {
  const left = deadline === undefined ? Number.POSITIVE_INFINITY : Math.floor(deadline.at - performance.now());
  const byDeadline = deadline !== undefined && left < limits.timeoutMs;
  const timeoutDetail = byDeadline
    ? `No complete answer for the ${what} within the ${deadline.totalMs} ms one lookup may take.`
    : `No complete answer for the ${what} within ${limits.timeoutMs} ms.`;
  if (left <= 0) return hubFail({ code: 'timeout', id, detail: timeoutDetail });
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, Math.min(limits.timeoutMs, left));
  const fail = (error: HubError): HttpOutcome => hubFail(error);
  try {
    let current = url;
    for (let hop = 0; ; hop++) {
      if (current.origin !== limits.origin) throw new HubClientError('off_host', `refusing to contact ${current.origin}: only ${limits.origin} is allowed`);
      const res = await limits.fetchImpl(current, { headers: limits.headers, signal: controller.signal, redirect: 'manual' });
      if (REDIRECTS.has(res.status)) {
        await res.body?.cancel().catch(() => undefined);
        const next = redirectTarget(res.headers.get('location'), current);
        if (next === undefined || hop >= MAX_REDIRECTS) return fail({ code: 'upstream', id, status: res.status, detail: 'The Hub redirected too often or without a valid target.' });
        if (next.origin !== limits.origin) return fail({ code: 'upstream', id, status: res.status, detail: `The Hub redirected the ${what} to another host (${next.host}); I only read from ${new URL(limits.origin).host}.` });
        current = next;
        continue;
      }
      if (!res.ok) {
        await res.body?.cancel().catch(() => undefined);
        return fail(statusError(id, res, what));
      }
      const body = await readCapped(res, limits.maxBytes, () => controller.abort());
      if (body === 'too_large') return fail({ code: 'too_large', id, detail: `The ${what} is over ${int(limits.maxBytes)} bytes.` });
      if (body === 'not_utf8') return fail({ code: 'bad_json', id, detail: `The ${what} is not UTF-8 text.` });
      return hubOk(body.text);
    }
  } catch (e) {
    if (timedOut) return fail({ code: 'timeout', id, detail: timeoutDetail });
    if (e instanceof HubClientError) throw e;
    const cause = e instanceof Error && e.cause instanceof Error && 'code' in e.cause ? ` (${String(e.cause.code)})` : '';
    return fail({ code: 'upstream', id, detail: `Network error while fetching the ${what}${cause}.` });
  } finally {
    clearTimeout(timer);
  }
}
