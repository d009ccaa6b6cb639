/**
 * Request hygiene in front of the `/vram` listeners, in two places:
 *
 * - **The HTTP gate** (HTTP mode): wraps `HTTPReceiver.requestListener`, the public property
 *   Bolt's server calls for every request, and screens POSTs to `/slack/events` before Bolt sees
 *   them. Bolt 5's `verifySlackRequest` rejects timestamps older than 5 minutes but accepts any
 *   timestamp in the future, and it remembers nothing, so an exact copy of a signed request runs
 *   again. The gate answers 401 for timestamps more than `futureSkewS` ahead, verifies the
 *   signature with Bolt's own `HTTPModuleFunctions.parseAndVerifyHTTPRequest` (no crypto of ours;
 *   Bolt verifies again afterwards, `signatureVerification` stays on), drops an exact replay (a
 *   signature already seen within the window) with an empty 200 before Bolt runs anything, and
 *   likewise drops a second delivery of one request: Slack's retry (`X-Slack-Retry-Num`, signed
 *   afresh) of a request already running or answered, matched by its trigger_id. Any second
 *   delivery counts, retry header or not: under load a retry can reach us before its original
 *   has been read, and the original must not run after it.
 *   It also answers 400 for a signed body Bolt cannot route: `null` (Bolt 5.1 throws
 *   `body.ssl_check` on it outside any catch: an unhandled rejection and no answer at all), any
 *   other non-object, or an object Bolt finds no type for (Bolt would wait 3 s, then 404).
 *   Everything else, failures of verification included, goes to Bolt unchanged, which answers
 *   (401 / 413 / 400) and logs as before.
 *
 * - **Global middleware** (both modes, `requestMiddleware`): gives each request its id (`reqId`:
 *   the trigger_id, else the event_id, else a random id) and receipt time, drops second
 *   deliveries in Socket Mode (Slack's redeliveries carry `retry_attempt`; the HTTP gate has
 *   already checked its requests), and acks at once anything no listener of ours claimed, so
 *   nothing waits 3 s for Bolt's not-acknowledged 404.
 *
 * Where the record of second deliveries lives (`Deliveries`, `shared-state.ts`): in memory for
 * one instance, or in the database every instance shares (SQLite `slack.db`, or PostgreSQL), so
 * that a retry delivered to another instance behind a load balancer runs nothing either. The
 * signatures (exact replays) stay in this process: a replay carries the same trigger_id, so the
 * shared record stops it on any instance.
 *
 * Why signatures and not bodies: a signature covers the timestamp and the body, so it names one
 * request exactly; a retry from Slack is signed afresh (new timestamp), so it is matched by the
 * request's trigger_id instead.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import {
  AuthorizationError,
  HTTPModuleFunctions,
  type AnyMiddlewareArgs,
  type BufferedIncomingMessage,
  type Middleware,
  type ReceiverProcessEventErrorHandlerArgs,
} from '@slack/bolt';
import type { Metrics } from '../ops/metrics';
import type { LogFn } from './logger';

/** Bolt's own limit on a request's age (`verify-request.js`: 5 minutes). */
export const SLACK_MAX_AGE_S = 300;

export interface RequestGuardConfig {
  /** How far in the future a request's timestamp may be, in seconds (default 60: clock skew). */
  readonly futureSkewS?: number;
  /** Signatures remembered at most (default 100 000, ~15 MB); the oldest go first when full. */
  readonly maxSignatures?: number;
  /**
   * How long a request is remembered (by trigger_id) so that a second delivery, Slack's retry,
   * runs nothing, in ms (default 10 minutes: Slack's last retry comes about 5 minutes after).
   */
  readonly deliveryTtlMs?: number;
  /** Requests remembered at most (default 100 000); the oldest go first when full. */
  readonly maxDeliveries?: number;
}

export const REQUEST_GUARD_DEFAULTS = { futureSkewS: 60, maxSignatures: 100_000, deliveryTtlMs: 10 * 60_000, maxDeliveries: 100_000 } as const;

// ---------------------------------------------------------------------------------------------
// A bounded set of keys, each with an expiry
// ---------------------------------------------------------------------------------------------

export interface SeenSet {
  /** Whether `key` was added and has not expired. */
  has(key: string): boolean;
  /** Adds `key` until `untilMs` (replacing an earlier expiry); drops the oldest entry when full. */
  add(key: string, untilMs: number): void;
  /** `has` then `add`, in one step: true when `key` was already there. */
  check(key: string, untilMs: number): boolean;
  readonly size: number;
  /** Live entries dropped because the set was full (replay protection weakened for those). */
  readonly evicted: number;
}

/**
 * Memory stays bounded: expired entries go as soon as they reach the front (insertion order,
 * which is near expiry order here), and at `maxEntries` the oldest entry goes.
 * @example
 * const seen = createSeenSet({ maxEntries: 2, now: () => 0 });
 * seen.check('a', 10); // false, remembered
 * seen.check('a', 10); // true
 */
export function createSeenSet(opts: { readonly maxEntries: number; readonly now?: () => number }): SeenSet {
  const max = Math.max(1, Math.floor(opts.maxEntries));
  const now = opts.now ?? Date.now;
  const entries = new Map<string, number>();
  let evicted = 0;
  const sweep = (t: number): void => {
    for (const [k, until] of entries) {
      if (until > t) break;
      entries.delete(k);
    }
  };
  const has = (key: string): boolean => {
    const until = entries.get(key);
    return until !== undefined && until > now();
  };
  const add = (key: string, untilMs: number): void => {
    const t = now();
    sweep(t);
    entries.delete(key);
    while (entries.size >= max) {
      const oldest = entries.entries().next();
      if (oldest.done) break;
      entries.delete(oldest.value[0]);
      if (oldest.value[1] > t) evicted += 1;
    }
    entries.set(key, untilMs);
  };
  return {
    has,
    add,
    check(key, untilMs) {
      const seen = has(key);
      if (!seen) add(key, untilMs);
      return seen;
    },
    get size() { return entries.size; },
    get evicted() { return evicted; },
  };
}

/**
 * Where second deliveries are recognised: `firstSeen` records a key atomically and says whether
 * this call recorded it (`shared-state.ts`: in memory, SQLite or PostgreSQL; never throws there).
 */
export interface Deliveries {
  firstSeen(key: string, ttlMs: number, now: number): Promise<boolean>;
}

// ---------------------------------------------------------------------------------------------
// What a body says about itself
// ---------------------------------------------------------------------------------------------

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
/** Ids safe to log and short: Slack's trigger ids look like `1337.42.abcdef`. */
const ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * The id every log line of one request carries: the trigger_id (slash commands, clicks), else
 * the Events API event_id, else a random one. A retry or replay of a request has the same id as
 * the original, which is what finds them together.
 */
export function requestIdOf(body: unknown): string {
  if (isRecord(body)) {
    for (const k of ['trigger_id', 'event_id'] as const) {
      const v = body[k];
      if (typeof v === 'string' && ID_PATTERN.test(v)) return v;
    }
  }
  return randomUUID();
}

const sha = (s: string): string => createHash('sha256').update(s).digest('base64url');

/**
 * What identifies a request across Slack's retries (each is signed afresh): its trigger_id, else
 * the event_id, else who, where, what and the response_url together. Hashed, so a huge field
 * costs no memory.
 */
export function dedupeKey(body: unknown): string {
  const r = isRecord(body) ? body : {};
  const trigger = str(r.trigger_id);
  if (trigger !== undefined) return `t:${sha(trigger)}`;
  const eventId = str(r.event_id);
  if (eventId !== undefined) return `e:${sha(eventId)}`;
  const team = isRecord(r.team) ? r.team.id : r.team_id;
  const user = isRecord(r.user) ? r.user.id : r.user_id;
  return `h:${sha(JSON.stringify([r.command ?? r.type ?? null, team ?? null, user ?? null, r.text ?? r.actions ?? null, r.response_url ?? null]))}`;
}

/** Interaction types Bolt routes by `type` alone (mirrors Bolt 5.1's `getTypeAndConversation`). */
const ROUTED_TYPES = new Set(['block_suggestion', 'dialog_submission', 'shortcut', 'message_action', 'view_submission', 'view_closed', 'url_verification']);

/**
 * Whether Bolt can route `body` at all (an event, a command, options, actions, a shortcut, a
 * view, or the URL check it answers itself). For anything else Bolt warns and leaves the request
 * unanswered until its 3-second timer answers 404.
 */
export function boltCanRoute(body: Rec): boolean {
  return body.event !== undefined || body.command !== undefined || body.name !== undefined || body.actions !== undefined
    || (typeof body.type === 'string' && ROUTED_TYPES.has(body.type));
}

// ---------------------------------------------------------------------------------------------
// The HTTP gate
// ---------------------------------------------------------------------------------------------

/** What the gate learnt about a request it let through, for Bolt's `context` and the log. */
export interface Receipt {
  readonly reqId: string;
  /** `performance.now()` when the request arrived. */
  readonly receivedAt: number;
}

/** Set in `context` by the HTTP gate: second deliveries were already checked there. */
const GATED = 'vramGated';

export interface HttpGateDeps {
  readonly signingSecret: string;
  readonly endpoints: readonly string[];
  /** Redacting. */
  readonly log: LogFn;
  readonly metrics?: Metrics | undefined;
  readonly futureSkewS: number;
  /** Signatures seen (expiring with Bolt's 5-minute window). */
  readonly signatures: SeenSet;
  /**
   * Requests running or answered, by `dedupeKey` (shared with the middleware, and with the other
   * instances when the state is in a database: `shared-state.ts`).
   */
  readonly deliveries: Deliveries;
  /** How long a delivered request is remembered, in ms. */
  readonly deliveryTtlMs: number;
  /** Wall clock in ms, for timestamps (default `Date.now`: the clock Bolt verifies against). */
  readonly now?: () => number;
  readonly bodyLimit?: number;
}

export interface HttpGate {
  /** Wraps Bolt's request listener (`receiver.requestListener = gate.wrap(receiver.requestListener)`). */
  wrap(inner: RequestListener): RequestListener;
  /** `HTTPReceiver`'s `customPropertiesExtractor`: `{ reqId, receivedAt }` into `context`. */
  customProperties(req: BufferedIncomingMessage): Record<string, unknown>;
  /** `HTTPReceiver`'s `processEventErrorHandler`: a body Bolt chokes on before any listener is a 400, not a 500. */
  processEventError(args: ReceiverProcessEventErrorHandlerArgs): Promise<boolean>;
}

function answer(res: ServerResponse, status: number): void {
  if (res.headersSent) return;
  res.writeHead(status);
  res.end();
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
};

export function createHttpGate(d: HttpGateDeps): HttpGate {
  const now = d.now ?? Date.now;
  const bodyLimit = d.bodyLimit ?? HTTPModuleFunctions.defaultBodyLimit;
  const receipts = new WeakMap<IncomingMessage, Receipt>();
  /** Evictions already counted in the metrics, and already logged. */
  let evictionsCounted = 0;
  let evictionsLogged = 0;

  const refuse = (res: ServerResponse, status: number, msg: string, reqId: string, err?: unknown): false => {
    d.log(msg, err, { reqId });
    answer(res, status);
    return false;
  };

  /** true: hand the request to Bolt; false: answered here. */
  const screen = async (req: IncomingMessage, res: ServerResponse, receivedAt: number): Promise<boolean> => {
    // 1. The body, buffered as Bolt buffers it (Bolt reuses `req.rawBody`). Read before any
    // answer: answering with the body unread stalls keep-alive connections (seconds, in the bench).
    let buffered: BufferedIncomingMessage;
    try {
      buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, bodyLimit);
    } catch (err) {
      const tooLarge = HTTPModuleFunctions.isRawBodyError(err) && (err.type === 'entity.too.large' || err.statusCode === 413);
      return refuse(res, tooLarge ? 413 : 401, `slack: could not read a request body${tooLarge ? ` over ${bodyLimit} bytes` : ''}; answered ${tooLarge ? 413 : 401}`, randomUUID(), err);
    }

    // 2. Dated in the future (Bolt refuses only the past): 401, like a stale request.
    const ts = Number(header(req, 'x-slack-request-timestamp'));
    const aheadS = Number.isFinite(ts) ? ts - now() / 1000 : 0;
    if (aheadS > d.futureSkewS) {
      d.metrics?.error('slack', 'future_timestamp');
      return refuse(res, 401, `slack: refused a request dated ${Math.round(aheadS)} s in the future (more than ${d.futureSkewS} s ahead); answered 401`, randomUUID());
    }
    const contentType = req.headers['content-type'];
    const text = buffered.rawBody.toString();
    // Bolt answers ssl_check itself, without a signature.
    if (contentType === 'application/x-www-form-urlencoded' && parseQuery(text).ssl_check === '1') return true;

    // 3. The signature, by Bolt's own check. A failure goes to Bolt, which fails it the same way and answers 401.
    try {
      await HTTPModuleFunctions.parseAndVerifyHTTPRequest({ enabled: true, signingSecret: d.signingSecret, bodyLimit }, buffered);
    } catch {
      return true;
    }

    // 4. The body, parsed as Bolt parses it. Unparseable: Bolt answers 400 itself.
    let body: unknown;
    try {
      body = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
    } catch {
      return true;
    }
    if (!isRecord(body)) {
      const what = body === null ? 'null' : Array.isArray(body) ? 'an array' : `a ${typeof body}`;
      return refuse(res, 400, `slack: refused a signed request whose body is ${what}, not a JSON object; answered 400`, randomUUID());
    }
    const reqId = requestIdOf(body);
    if (!boltCanRoute(body)) {
      return refuse(res, 400, 'slack: refused a signed request of no type Slack sends (no command, actions, event or known type); answered 400', reqId);
    }
    // Bolt answers Slack's URL check with its challenge and runs nothing: never a duplicate.
    if (body.type === 'url_verification') return true;

    // 5. An exact replay: this signature was already accepted within the window. Empty 200, not
    // 401: a copy that Slack itself sent again is a delivery of a request we already have, and
    // any non-200 makes Slack show the user an error ("dispatch_failed") for a command that is
    // being answered; an attacker replaying a captured request learns nothing more from a 200,
    // and nothing runs either way.
    const signature = header(req, 'x-slack-signature') ?? '';
    if (d.signatures.check(signature, (ts + SLACK_MAX_AGE_S + 1) * 1000)) {
      d.metrics?.command('slack', 'unknown', 'refused');
      d.log('slack: dropped an exact replay (a signature already accepted in the last 5 minutes); answered an empty 200, nothing ran', undefined, { reqId });
      answer(res, 200);
      return false;
    }
    const evicted = d.signatures.evicted;
    if (evicted > evictionsCounted) {
      // One add evicts at most one entry. Logged on the first eviction and every 1000 after.
      evictionsCounted = evicted;
      d.metrics?.error('slack', 'replay_cache_full');
      if (evictionsLogged === 0 || evicted - evictionsLogged >= 1000) {
        evictionsLogged = evicted;
        d.log(`slack: the replay cache is full (${d.signatures.size} signatures); the oldest are forgotten early (${evicted} so far)`, undefined, { reqId });
      }
    }

    // 6. A second delivery of one request (Slack's retry, re-signed): acked, nothing runs.
    if (!(await d.deliveries.firstSeen(dedupeKey(body), d.deliveryTtlMs, now()))) {
      d.metrics?.command('slack', 'unknown', 'refused');
      d.log(`slack: dropped ${describeRetry(HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req), HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req))} of a request already running or answered; answered an empty 200, nothing ran`, undefined, { reqId });
      answer(res, 200);
      return false;
    }
    receipts.set(req, { reqId, receivedAt });
    return true;
  };

  return {
    wrap(inner) {
      return (req, res) => {
        let path: string | undefined;
        try {
          path = new URL(req.url ?? '/', 'http://localhost').pathname;
        } catch {
          path = undefined;
        }
        if ((req.method ?? '').toUpperCase() !== 'POST' || path === undefined || !d.endpoints.includes(path)) {
          inner(req, res);
          return;
        }
        const receivedAt = performance.now();
        screen(req, res, receivedAt).then((pass) => { if (pass) inner(req, res); }).catch((err: unknown) => {
          d.metrics?.error('slack', 'gate');
          d.log('slack: the request gate failed; answered 500', err, { reqId: receipts.get(req)?.reqId ?? randomUUID() });
          answer(res, 500);
        });
      };
    },
    customProperties(req) {
      const r = receipts.get(req);
      return r ? { reqId: r.reqId, receivedAt: r.receivedAt, [GATED]: true } : {};
    },
    async processEventError(args) {
      if (args.error instanceof AuthorizationError || args.response.headersSent) return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
      d.metrics?.error('slack', 'malformed');
      d.log('slack: Bolt could not process a signed request (a malformed body); answered 400', args.error, { reqId: receipts.get(args.request)?.reqId ?? randomUUID() });
      answer(args.response, 400);
      return true;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Global middleware: request ids, Slack's retries, and acks for what no listener handles
// ---------------------------------------------------------------------------------------------

/** Set by our listeners on `context` as they start: the request is theirs to ack. */
const CLAIMED = 'vramClaimed';

/** Marks the request as handled by one of our listeners (call before `ack()`). */
export function claim(context: Record<string, unknown>): void {
  context[CLAIMED] = true;
}

/** The request's id and receipt time from `context` (set by the gate or the middleware). */
export function receiptOf(context: Record<string, unknown>): Receipt {
  return {
    reqId: typeof context.reqId === 'string' ? context.reqId : randomUUID(),
    receivedAt: typeof context.receivedAt === 'number' ? context.receivedAt : performance.now(),
  };
}

/** "Slack's retry 2 (http_timeout)", or "a second delivery" when no retry number came with it. */
function describeRetry(retryNum: number | undefined, reason: string | undefined): string {
  if (retryNum === undefined || retryNum === 0) return 'a second delivery (no retry number)';
  return `Slack's retry ${String(retryNum)} (${reason ?? 'no reason given'})`;
}

export interface RequestMiddlewareDeps {
  /** Redacting. */
  readonly log: LogFn;
  readonly metrics?: Metrics | undefined;
  /** Requests running or answered, by `dedupeKey` (shared with the HTTP gate). */
  readonly deliveries: Deliveries;
  readonly deliveryTtlMs: number;
  readonly now?: () => number;
}

/** A loose view of the middleware arguments: `ack` exists for everything but plain events. */
type LooseArgs = { readonly ack?: unknown; readonly body: unknown; readonly context: Record<string, unknown>; readonly next: () => Promise<void> };

/**
 * Bolt global middleware (registered first). In Socket Mode (HTTP requests were checked by the
 * gate), a second delivery of a request running or answered, Slack's redelivery with
 * `retry_attempt`, is acked and dropped; a retry whose original we never saw runs (that is what
 * the retry is for). Whatever no listener of ours claimed is acked with an empty 200 once the
 * listeners are done (or have failed).
 */
export function requestMiddleware(d: RequestMiddlewareDeps): Middleware<AnyMiddlewareArgs> {
  const now = d.now ?? Date.now;
  return async (mwArgs) => {
    const args = mwArgs as unknown as LooseArgs;
    const { context, body } = args;
    if (typeof context.reqId !== 'string') context.reqId = requestIdOf(body);
    if (typeof context.receivedAt !== 'number') context.receivedAt = performance.now();
    const reqId = context.reqId as string;
    const ack = typeof args.ack === 'function' ? args.ack as () => Promise<void> : undefined;
    if (context[GATED] !== true && !(await d.deliveries.firstSeen(dedupeKey(body), d.deliveryTtlMs, now()))) {
      d.metrics?.command('slack', 'unknown', 'refused');
      const reason = typeof context.retryReason === 'string' ? context.retryReason : undefined;
      d.log(`slack: dropped ${describeRetry(context.retryNum as number | undefined, reason)} of a request already running or answered; acked, nothing ran`, undefined, { reqId });
      if (ack) {
        try { await ack(); } catch (err) { d.log('slack: ack failed (second delivery)', err, { reqId }); }
      }
      return;
    }
    try {
      await args.next();
    } finally {
      if (context[CLAIMED] !== true && ack) {
        try {
          await ack();
          d.log(`slack: acked a request no listener handles (${describeBody(body)})`, undefined, { reqId });
        } catch (err) {
          d.log('slack: ack failed (unhandled request)', err, { reqId });
        }
      }
    }
  };
}

/** A short, safe description of a body for the log: its kind only, never its text. */
function describeBody(body: unknown): string {
  if (!isRecord(body)) return 'no body';
  if (typeof body.command === 'string') return `command ${body.command.slice(0, 40)}`;
  if (typeof body.type === 'string') return `type ${body.type.slice(0, 40)}`;
  return 'unknown type';
}
