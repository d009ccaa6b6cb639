/**
 * The stand-in's gateway: Discord's WebSocket protocol (API v10, JSON, no compression) on the
 * stand-in's port, for one connection or several (shards). HELLO on connect; IDENTIFY checked for
 * the token (close 4004), the intents (4013 malformed, 4014 privileged) and its
 * `shard: [shard_id, num_shards]` (4010 invalid shard; 4011 sharding required when the session
 * would hold more guilds than one shard may); READY with that shard and its guilds, then a
 * GUILD_CREATE for each guild the shard owns; HEARTBEAT answered with HEARTBEAT_ACK; RESUME of a
 * known session answered with RESUMED (4006 otherwise); anything else before IDENTIFY closes 4003.
 *
 * Routing, as Discord does it (developers/events/gateway.mdx, "Sharding", discord/discord-api-docs):
 * a guild's events go only to the sessions whose shard owns it,
 * `shard_id = (guild_id >> 22) % num_shards`; events without a guild go to shard 0 only. Each
 * session's dispatches carry its own increasing sequence numbers.
 *
 * With `identifyWindowMs` set, `max_concurrency` is enforced as the same page says: the rate limit
 * key of a shard is `shard_id % max_concurrency`, and each key allows one IDENTIFY per 5 seconds;
 * one more gets Invalid Session (op 9) and is recorded as a violation.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { WebSocket, WebSocketServer } from 'ws';
import { botUser, guildCreate, shardOf, type Json } from './standin-payloads';

const PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15); // GuildMembers, GuildPresences, MessageContent

/** "Each shard can only support a maximum of 2500 guilds" (developers/events/gateway.mdx, "Sharding"). */
export const MAX_GUILDS_PER_SHARD = 2500;

/** `max_concurrency`: "Number of identify requests allowed per 5 seconds" (developers/events/gateway.mdx, "Session Start Limit Object"). */
export const IDENTIFY_WINDOW_MS = 5000;

export interface GatewayOptions {
  readonly token: string;
  readonly applicationId: string;
  /** The guilds the bot is in; each is announced to (and its events sent to) the shard that owns it. */
  readonly guilds: readonly string[];
  /** The text channel of each guild. */
  readonly channelOf: (guildId: string) => string;
  /** How many guilds Discord counts for the bot (at least `guilds.length`); the unlisted ones only count towards 4011. */
  readonly guildCount: number;
  /** `session_start_limit.max_concurrency`. */
  readonly maxConcurrency: number;
  /** Enforce `max_concurrency` over this window (Discord: {@link IDENTIFY_WINDOW_MS}); not enforced when absent. */
  readonly identifyWindowMs?: number;
  readonly heartbeatIntervalMs: number;
  /** `ws://127.0.0.1:PORT`, also sent as `resume_gateway_url`. */
  readonly url: () => string;
  /** Where protocol refusals are recorded. */
  readonly violations: string[];
}

/** One identified session: its shard, its own sequence, and its connection while it has one. */
interface Session {
  readonly id: string;
  readonly shard: readonly [number, number];
  seq: number;
  ws: WebSocket | null;
}

/** A session start the gateway accepted: when, and for which shard. */
export interface SessionStart {
  readonly at: number;
  readonly shard: readonly [number, number];
}

export class StandinGateway {
  /** IDENTIFY payloads received, the token replaced by `<valid>` / `<invalid>`. */
  readonly identifies: Json[] = [];
  /** Accepted IDENTIFYs (READY sent), in order; `session_start_limit.remaining` counts them. */
  readonly sessionStarts: SessionStart[] = [];
  heartbeatAcks = 0;
  /** Sessions by id, connected or waiting to be resumed. */
  private readonly sessions = new Map<string, Session>();
  /** When each rate limit key last identified. */
  private readonly lastIdentify = new Map<number, number>();

  constructor(wss: WebSocketServer, private readonly opts: GatewayOptions) {
    wss.on('connection', (ws, req) => this.onConnection(ws, req));
  }

  /** The sessions that have a connection now. */
  private live(): Session[] {
    return [...this.sessions.values()].filter((s) => s.ws !== null);
  }

  /** The shard (of the live sessions' `num_shards`) that owns `guildId`, for each live session that would receive its events. */
  private receivers(guildId: string | undefined): Session[] {
    return this.live().filter((s) => (guildId === undefined ? s.shard[0] === 0 : shardOf(guildId, s.shard[1]) === s.shard[0]));
  }

  /**
   * Sends an event (op 0) to the sessions that receive it: those whose shard owns `guildId` (by
   * default the payload's own `guild_id`), or shard 0 for an event without a guild. Returns
   * the shard ids it went to; throws when no connected session receives it.
   */
  dispatch(t: string, d: unknown, guildId?: string): number[] {
    const own = typeof d === 'object' && d !== null && typeof (d as Json).guild_id === 'string' ? (d as Json).guild_id as string : undefined;
    const guild = guildId ?? own;
    const to = this.receivers(guild);
    if (to.length === 0) {
      const live = this.live().map((s) => `[${s.shard.join(', ')}]`).join(', ') || 'none';
      throw new Error(`stand-in: no identified gateway connection receives ${t} ${guild === undefined ? '(no guild: shard 0)' : `for guild ${guild}`}; connected shards: ${live}`);
    }
    for (const s of to) this.send(s, t, d);
    return to.map((s) => s.shard[0]);
  }

  /** Whether a client is identified (connected and past READY). */
  get connected(): boolean {
    return this.live().length > 0;
  }

  /** The `[shard_id, num_shards]` of each connected session. */
  get shards(): (readonly [number, number])[] {
    return this.live().map((s) => s.shard);
  }

  /**
   * Closes an identified connection with a gateway close code (4004: authentication failed, fatal
   * for the client): the one of shard `shardId`, or the only one when there is one.
   */
  closeWith(code: number, reason: string, shardId?: number): void {
    const live = this.live();
    const targets = shardId === undefined ? live : live.filter((s) => s.shard[0] === shardId);
    if (targets.length === 0) throw new Error(`stand-in: no identified gateway connection${shardId === undefined ? '' : ` for shard ${shardId}`}`);
    if (shardId === undefined && targets.length > 1) throw new Error(`stand-in: ${targets.length} connections are identified; say which shard to close`);
    for (const s of targets) s.ws?.close(code, reason);
  }

  private send(s: Session, t: string, d: unknown): void {
    s.ws?.send(JSON.stringify({ op: 0, t, s: ++s.seq, d }));
  }

  private sendRaw(ws: WebSocket, payload: Json): void {
    ws.send(JSON.stringify(payload));
  }

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    if (q.get('v') !== '10' || q.get('encoding') !== 'json' || q.has('compress')) {
      this.opts.violations.push(`gateway: refused ${req.url ?? ''} (want ?v=10&encoding=json, no compress)`);
      ws.close(4012, 'Invalid API version or encoding.');
      return;
    }
    this.sendRaw(ws, { op: 10, s: null, t: null, d: { heartbeat_interval: this.opts.heartbeatIntervalMs, _trace: ['["standin",{}]'] } });
    ws.on('message', (raw: Buffer) => {
      let p: Json;
      try { p = JSON.parse(raw.toString('utf8')) as Json; } catch { ws.close(4002, 'Error while decoding payload.'); return; }
      const d = (p.d ?? {}) as Json;
      if (p.op === 1) { this.heartbeatAcks++; this.sendRaw(ws, { op: 11, s: null, t: null, d: null }); return; }
      if (p.op === 2) { this.onIdentify(ws, d); return; }
      if (p.op === 6) { this.onResume(ws, d); return; }
      if (!this.live().some((s) => s.ws === ws)) ws.close(4003, 'Not authenticated.');
    });
    ws.on('close', () => { for (const s of this.sessions.values()) if (s.ws === ws) s.ws = null; });
  }

  /** The IDENTIFY's `shard`, or why it is invalid (absent: one unsharded connection, `[0, 1]`). */
  private static shardOfIdentify(raw: unknown): readonly [number, number] | string {
    if (raw === undefined) return [0, 1];
    if (!Array.isArray(raw) || raw.length !== 2 || !raw.every((x) => Number.isInteger(x))) return `shard ${JSON.stringify(raw)} is not [shard_id, num_shards]`;
    const [id, count] = raw as [number, number];
    if (count < 1 || id < 0 || id >= count) return `shard [${id}, ${count}] needs 0 <= shard_id < num_shards`;
    return [id, count];
  }

  private onIdentify(ws: WebSocket, d: Json): void {
    this.identifies.push({ ...d, token: d.token === this.opts.token ? '<valid>' : '<invalid>' });
    if (d.token !== this.opts.token) { ws.close(4004, 'Authentication failed.'); return; }
    const intents = Number(d.intents);
    if (!Number.isInteger(intents)) { ws.close(4013, 'Invalid intent(s).'); return; }
    if ((intents & PRIVILEGED_INTENTS) !== 0) { ws.close(4014, 'Disallowed intent(s).'); return; }
    const shard = StandinGateway.shardOfIdentify(d.shard);
    if (typeof shard === 'string') { this.opts.violations.push(`gateway: IDENTIFY with an invalid shard (${shard})`); ws.close(4010, 'Invalid shard.'); return; }
    const [id, count] = shard;
    // The guilds this session would hold: the listed ones it owns, plus an even share of the unlisted ones.
    const owned = this.opts.guilds.filter((g) => shardOf(g, count) === id);
    const held = owned.length + Math.ceil(Math.max(0, this.opts.guildCount - this.opts.guilds.length) / count);
    if (held > MAX_GUILDS_PER_SHARD) { ws.close(4011, 'Sharding required.'); return; }
    const now = Date.now();
    const key = id % this.opts.maxConcurrency;
    const last = this.lastIdentify.get(key);
    if (this.opts.identifyWindowMs !== undefined && last !== undefined && now - last < this.opts.identifyWindowMs) {
      this.opts.violations.push(`gateway: IDENTIFY of shard [${id}, ${count}] ${now - last} ms after the last one with rate limit key ${key} (max_concurrency ${this.opts.maxConcurrency} per ${this.opts.identifyWindowMs} ms)`);
      this.sendRaw(ws, { op: 9, s: null, t: null, d: false });
      return;
    }
    this.lastIdentify.set(key, now);
    this.sessionStarts.push({ at: now, shard });
    const session: Session = { id: randomBytes(16).toString('hex'), shard, seq: 0, ws };
    this.sessions.set(session.id, session);
    const { applicationId } = this.opts;
    this.send(session, 'READY', {
      v: 10, user_settings: {}, user: botUser(applicationId), session_type: 'normal',
      guilds: owned.map((g) => ({ id: g, unavailable: true })), session_id: session.id,
      resume_gateway_url: this.opts.url(), shard: [id, count], application: { id: applicationId, flags: 8953856 },
      private_channels: [], relationships: [], presences: [], guild_join_requests: [], geo_ordered_rtc_regions: [], _trace: [],
    });
    for (const g of owned) this.send(session, 'GUILD_CREATE', guildCreate(g, applicationId, this.opts.channelOf(g)));
  }

  private onResume(ws: WebSocket, d: Json): void {
    const session = typeof d.session_id === 'string' ? this.sessions.get(d.session_id) : undefined;
    if (d.token !== this.opts.token || !session) { ws.close(4006, 'Session is no longer valid.'); return; }
    session.ws = ws;
    this.send(session, 'RESUMED', { _trace: [] });
  }
}
