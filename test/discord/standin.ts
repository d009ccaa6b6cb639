/**
 * A local Discord stand-in on loopback, speaking the real wire protocol, for end-to-end tests of
 * the real discord.js client:
 *
 * - REST under `apiUrl` (`http://127.0.0.1:PORT/api`, the client adds `/v10`): `GET /gateway/bot`,
 *   `GET /users/@me`, command bulk overwrite (`PUT .../commands`), interaction callbacks
 *   (`POST /interactions/{id}/{token}/callback`), the original response
 *   (`GET|PATCH|DELETE /webhooks/{app}/{token}/messages/@original`) and follow-ups
 *   (`POST /webhooks/{app}/{token}`). Bot routes check `Authorization: Bot <token>`.
 * - Message bodies as JSON, or as `multipart/form-data` (`payload_json` plus `files[n]`) when
 *   they upload files (`standin-multipart.ts`); uploads become message attachments, and what the
 *   user sees includes the files' bytes.
 * - A gateway WebSocket (`ws`) on the same port (`standin-gateway.ts`): HELLO, IDENTIFY with the
 *   token, intents and shard checked, READY and GUILD_CREATE, HEARTBEAT_ACK, and the INTERACTION_CREATE
 *   dispatches the tests send: slash commands (subcommands included), autocomplete and button
 *   clicks, each from a member with given permissions (default Ada, no Manage Server); and raw
 *   INTERACTION_CREATE payloads that a test has broken on purpose (`rawInteraction`: fields
 *   missing, wrong types, anything), to prove the bot survives and answers them.
 * - Several guilds and shards: each guild's GUILD_CREATE and interactions go only to the
 *   connection whose shard owns it (`shard_id = (guild_id >> 22) % num_shards`); a test picks the
 *   guild of each interaction (`guildId`). `GET /gateway/bot` recommends a shard count and states
 *   the session start limit (`max_concurrency`).
 * - Discord's rules, enforced: the first callback more than 3 s after dispatch gets 404
 *   `Unknown interaction` (10062), a second one 400 (40060), a callback type the interaction does
 *   not take 400; bodies over the embed, content, component, file or autocomplete limits get 400
 *   `Invalid Form Body` (50035). Every refusal is kept in `violations`, so a test can assert there
 *   were none.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { attachmentViolations, choicesViolations, commandsBodyViolations, invalidFormBody, messageViolations } from './discord-rules';
import { StandinGateway } from './standin-gateway';
import { multipartBoundary, parseMultipart, type Upload } from './standin-multipart';
import {
  botUser, channelIdOf, commandOptions, interactionPayload, messageCustomIds, messageObject, snowflake,
  type Json, type OptionInput, type RegisteredCommand, type StandinMember,
} from './standin-payloads';

export interface StandinOptions {
  readonly token: string;
  readonly applicationId: string;
  /** The main guild: interactions happen there unless a test names another. */
  readonly guildId: string;
  /** Every guild the bot is in (default: the main guild only); the main guild is added if missing. */
  readonly guilds?: readonly string[];
  /**
   * How many guilds Discord counts for the bot (default: the listed ones). More than one shard
   * may hold (2500) gets 4011 "sharding required" at IDENTIFY.
   */
  readonly guildCount?: number;
  /**
   * `GET /gateway/bot` `shards`. Discord does not publish its formula; the default is one shard
   * per 1000 guilds, what discord.js's `fetchRecommendedShardCount` (src/util/Util.js,
   * `guildsPerShard = 1_000`) assumes.
   */
  readonly recommendedShards?: number;
  /** `session_start_limit.max_concurrency` (default 1, what most bots get). */
  readonly maxConcurrency?: number;
  /** Enforce `max_concurrency` (one IDENTIFY per rate limit key per this many ms; Discord: 5000). Default: not enforced. */
  readonly identifyWindowMs?: number;
  /** Gateway heartbeat interval sent in HELLO (Discord: 41250 ms). */
  readonly heartbeatIntervalMs?: number;
  /** First-response deadline after dispatch (Discord: 3000 ms). */
  readonly deadlineMs?: number;
}

/** A file uploaded with a message, with the description (alt text) its `attachments` entry gave. */
export interface SeenFile extends Upload {
  readonly description?: string;
}

/** What the user would see as the answer to one command or click. */
export interface SeenMessage {
  readonly via: 'reply' | 'edit' | 'followup';
  readonly content: string;
  readonly embeds: readonly Json[];
  /** Action rows (buttons). */
  readonly components: readonly Json[];
  /** Files uploaded with this body (multipart), bytes included. */
  readonly files: readonly SeenFile[];
  readonly ephemeral: boolean;
}

/** Who acts, where, and how long to wait for the answer. */
export interface RunOptions {
  readonly timeoutMs?: number;
  /** Default Ada (no Manage Server). */
  readonly member?: StandinMember;
  /** The guild it happens in (default the main guild); one of the bot's guilds. */
  readonly guildId?: string;
}

/** What a raw interaction is built from before the test's edit. */
export interface RawOptions {
  /** A registered command's name (default `vram`; kinds 2 and 4). */
  readonly command?: string;
  /** `data.options` as sent (kinds 2 and 4), unchecked. */
  readonly options?: Json[];
  /** The clicked button's custom id (kind 3), unchecked. */
  readonly customId?: string;
  readonly member?: StandinMember;
  /** The guild it is routed to (default the main guild), whatever the edited payload says. */
  readonly guildId?: string;
}

/** Interaction types: 2 slash command, 3 message component (button), 4 autocomplete, 5 modal submit. */
export type InteractionKind = 2 | 3 | 4 | 5;

/** Callback types each interaction type takes (4 message, 5 deferred, 6/7 update, 8 choices). */
const CALLBACK_TYPES: Readonly<Record<InteractionKind, readonly number[]>> = { 2: [4, 5], 3: [4, 5, 6, 7], 4: [8], 5: [4, 5, 6, 7] };

/** Discord's session start limit per 24 h (developers/events/gateway.mdx, "Session Start Limit"; the example response of Get Gateway Bot). */
export const SESSION_START_TOTAL = 1000;

/** Discord's upload limit for the guild (also sent as `attachment_size_limit`). */
export const ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;

export interface InteractionRecord {
  readonly id: string;
  readonly token: string;
  readonly kind: InteractionKind;
  /** The guild it happened in. */
  readonly guildId: string;
  /** The shards whose connections it was dispatched to. */
  readonly shards: readonly number[];
  readonly dispatchedAt: number;
  /** Callback types in order (4 reply, 5 deferred, 8 autocomplete result), with ms since dispatch. */
  readonly callbacks: { type: number; afterMs: number; data: Json | undefined }[];
  /** Whether each callback body came as multipart (with files), in order. */
  readonly multipart: boolean[];
  /** Every REST call about this interaction, in order (`callback:5`, `edit`, `delete`, `followup`). */
  readonly events: string[];
  deferredEphemeral: boolean;
  original: Json | null;
}

const EPHEMERAL = 64;

export class DiscordStandin {
  readonly violations: string[] = [];
  readonly registered = new Map<string, RegisteredCommand[]>();
  readonly gateway: StandinGateway;
  private readonly records = new Map<string, InteractionRecord>();
  private readonly waiters = new Map<string, (m: SeenMessage) => void>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private port = 0;
  /** The bot's guilds, the main one first. */
  readonly guilds: readonly string[];
  /** How many guilds Discord counts for the bot. */
  readonly guildCount: number;

  private constructor(readonly opts: StandinOptions) {
    this.server = createServer((req, res) => { void this.onHttp(req, res); });
    this.wss = new WebSocketServer({ server: this.server });
    this.guilds = [opts.guildId, ...(opts.guilds ?? []).filter((g) => g !== opts.guildId)];
    this.guildCount = Math.max(this.guilds.length, opts.guildCount ?? 0);
    this.gateway = new StandinGateway(this.wss, {
      token: opts.token, applicationId: opts.applicationId, guilds: this.guilds, channelOf: (g) => this.channelOf(g), guildCount: this.guildCount,
      maxConcurrency: opts.maxConcurrency ?? 1, ...(opts.identifyWindowMs !== undefined ? { identifyWindowMs: opts.identifyWindowMs } : {}),
      heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 41250, url: () => `ws://127.0.0.1:${this.port}`, violations: this.violations,
    });
  }

  /** The text channel of one of the bot's guilds. */
  channelOf(guildId: string): string {
    return channelIdOf(guildId, this.opts.guildId);
  }

  /** `GET /gateway/bot` `shards`. */
  get recommendedShards(): number {
    return this.opts.recommendedShards ?? Math.max(1, Math.ceil(this.guildCount / 1000));
  }

  /** The guild an interaction happens in: `guildId`, one of the bot's, or the main guild. */
  private guildOf(guildId: string | undefined): { guildId: string; channelId: string } {
    const g = guildId ?? this.opts.guildId;
    if (!this.guilds.includes(g)) throw new Error(`stand-in: the bot is not in guild ${g} (its guilds: ${this.guilds.join(', ')})`);
    return { guildId: g, channelId: this.channelOf(g) };
  }

  /** Dispatches INTERACTION_CREATE for `rec` to the shard that owns its guild, and notes which shards got it. */
  private deliver(rec: InteractionRecord, payload: unknown): void {
    (rec as { dispatchedAt: number }).dispatchedAt = Date.now();
    (rec as { shards: readonly number[] }).shards = this.gateway.dispatch('INTERACTION_CREATE', payload, rec.guildId);
  }

  /** IDENTIFY payloads the gateway received (token replaced by `<valid>` / `<invalid>`). */
  get identifies(): readonly Json[] {
    return this.gateway.identifies;
  }

  get heartbeatAcks(): number {
    return this.gateway.heartbeatAcks;
  }

  static async start(opts: StandinOptions): Promise<DiscordStandin> {
    const s = new DiscordStandin(opts);
    await new Promise<void>((resolve) => s.server.listen(0, '127.0.0.1', resolve));
    s.port = (s.server.address() as AddressInfo).port;
    return s;
  }

  /** The REST base to give the client (`DISCORD_API_URL`). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ── interactions ──────────────────────────────────────────────────────────────────────

  private newRecord(kind: InteractionKind, guildId: string): InteractionRecord {
    const rec: InteractionRecord = { id: snowflake(), token: `aW50ZXJhY3Rpb24${randomBytes(48).toString('base64url')}`, kind, guildId, shards: [], dispatchedAt: 0, callbacks: [], multipart: [], events: [], deferredEphemeral: false, original: null };
    this.records.set(rec.id, rec);
    return rec;
  }

  private findCommand(name: string): RegisteredCommand {
    const all = [...this.registered.values()].flat();
    const cmd = all.find((c) => c.name === name);
    if (!cmd) throw new Error(`stand-in: /${name} is not registered (deploy the commands first)`);
    return cmd;
  }

  private awaitAnswer(rec: InteractionRecord, what: string, timeoutMs: number): Promise<SeenMessage> {
    return new Promise<SeenMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`stand-in: no answer to ${what} within ${timeoutMs} ms; events: ${rec.events.join(', ') || 'none'}; violations: ${this.violations.join('; ') || 'none'}`)), timeoutMs);
      timer.unref();
      this.timers.add(timer);
      this.waiters.set(rec.id, (m) => { clearTimeout(timer); resolve(m); });
    });
  }

  /**
   * A user runs `/name` with `options` (validated against the registered definition as
   * Discord's client does); `name` may hold a subcommand (`vram-preset save`). Resolves with the
   * interaction's record and its first visible answer.
   */
  runCommand(name: string, options: OptionInput = {}, run: number | RunOptions = {}): { record: InteractionRecord; seen: Promise<SeenMessage> } {
    const { timeoutMs = 6000, member, guildId } = typeof run === 'number' ? { timeoutMs: run, guildId: undefined } : run;
    const [command = '', sub] = name.split(' ');
    const cmd = this.findCommand(command);
    const where = this.guildOf(guildId);
    const rec = this.newRecord(2, where.guildId);
    const payload = interactionPayload({ type: 2, rec, cmd, options: commandOptions(cmd, options, undefined, sub), ...where, applicationId: this.opts.applicationId, ...(member ? { member } : {}) });
    this.deliver(rec, payload);
    const seen = this.awaitAnswer(rec, `/${name}`, timeoutMs);
    return { record: rec, seen };
  }

  /**
   * A member clicks the button `customId` on `message` (a message object the bot sent, e.g. a
   * record's `original`). Discord only sends clicks on buttons the message has, so neither
   * does this. Resolves with the record and the answer.
   */
  clickButton(customId: string, message: Json, run: RunOptions = {}): { record: InteractionRecord; seen: Promise<SeenMessage> } {
    if (!messageCustomIds(message).includes(customId)) throw new Error(`stand-in: the message has no button \`${customId}\``);
    const where = this.guildOf(run.guildId);
    const rec = this.newRecord(3, where.guildId);
    const payload = interactionPayload({ type: 3, rec, customId, message, ...where, applicationId: this.opts.applicationId, ...(run.member ? { member: run.member } : {}) });
    this.deliver(rec, payload);
    const seen = this.awaitAnswer(rec, `the button ${customId}`, run.timeoutMs ?? 6000);
    return { record: rec, seen };
  }

  /** A user types into an autocomplete option: resolves with the choices the bot sent. */
  async autocomplete(name: string, options: OptionInput, focused: string, run: RunOptions = {}): Promise<{ name: string; value: string }[]> {
    const timeoutMs = run.timeoutMs ?? 4000;
    const [command = '', sub] = name.split(' ');
    const cmd = this.findCommand(command);
    const where = this.guildOf(run.guildId);
    const rec = this.newRecord(4, where.guildId);
    const opts = commandOptions(cmd, options, focused, sub);
    this.deliver(rec, interactionPayload({ type: 4, rec, cmd, options: opts, ...where, applicationId: this.opts.applicationId, ...(run.member ? { member: run.member } : {}) }));
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const cb = rec.callbacks.find((c) => c.type === 8);
      if (cb) return (cb.data?.choices ?? []) as { name: string; value: string }[];
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`stand-in: no autocomplete result for /${name} ${focused}; events: ${rec.events.join(', ')}`);
  }

  /**
   * A raw INTERACTION_CREATE, as a broken gateway or a fuzzer would send it: the usual payload of
   * `kind` (a `/vram` command with `options`, a click on `customId`, or autocomplete) passed
   * through `edit`, which may drop fields, change types, or return anything at all. The
   * interaction is recorded under the payload's original id and token, so callbacks to it are
   * checked as usual; `settled(record)` then waits for its answer.
   */
  rawInteraction(kind: 2 | 3 | 4, edit: (payload: Json) => unknown, opts: RawOptions = {}): { record: InteractionRecord; payload: unknown } {
    const where = this.guildOf(opts.guildId);
    const rec = this.newRecord(kind, where.guildId);
    const base = kind === 3
      ? interactionPayload({ type: 3, rec, customId: opts.customId ?? 'vram:act:nothing', message: messageObject(this.opts.applicationId, where.guildId, { channel_id: where.channelId }), ...where, applicationId: this.opts.applicationId, ...(opts.member ? { member: opts.member } : {}) })
      : interactionPayload({ type: kind, rec, cmd: this.findCommand(opts.command ?? 'vram'), options: opts.options ?? [], ...where, applicationId: this.opts.applicationId, ...(opts.member ? { member: opts.member } : {}) });
    const payload = edit(base);
    // The record takes the type the payload ends up with: the callback types it accepts follow it.
    const t = typeof payload === 'object' && payload !== null ? (payload as Json).type : undefined;
    if (t === 2 || t === 3 || t === 4 || t === 5) (rec as { kind: InteractionKind }).kind = t;
    this.deliver(rec, payload);
    return { record: rec, payload };
  }

  /** Resolves once `rec` has its answer: a reply (4), choices (8), an update (7), or an edit or follow-up after a deferral. */
  async settled(rec: InteractionRecord, timeoutMs = 6000): Promise<InteractionRecord> {
    const until = Date.now() + timeoutMs;
    const done = (): boolean => rec.callbacks.some((c) => c.type === 4 || c.type === 7 || c.type === 8) || rec.events.includes('edit') || rec.events.includes('followup');
    while (!done()) {
      if (Date.now() > until) throw new Error(`stand-in: interaction ${rec.id} not answered within ${timeoutMs} ms; events: ${rec.events.join(', ') || 'none'}; violations: ${this.violations.join('; ') || 'none'}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return rec;
  }

  private settle(rec: InteractionRecord, m: SeenMessage): void {
    const w = this.waiters.get(rec.id);
    if (w) { this.waiters.delete(rec.id); w(m); }
  }

  // ── REST ──────────────────────────────────────────────────────────────────────────────

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const bytes = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://x');
    const reply = (status: number, body?: unknown): void => {
      if (body === undefined) { res.writeHead(status).end(); return; }
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const refuse = (status: number, body: Json, why: string): void => { this.violations.push(why); reply(status, body); };
    if (!url.pathname.startsWith('/api/v10/')) { refuse(404, { message: '404: Not Found', code: 0 }, `${req.method ?? ''} ${url.pathname}: not under /api/v10`); return; }
    const path = decodeURIComponent(url.pathname.slice('/api/v10'.length)); // `@original` arrives as `%40original`
    const method = req.method ?? 'GET';
    const contentType = String(req.headers['content-type'] ?? '');
    const boundary = multipartBoundary(contentType);
    let body: unknown;
    let uploads: readonly Upload[] = [];
    if (bytes.length > 0 && boundary !== undefined) {
      // Only message routes take files.
      if (!/^\/(interactions|webhooks)\//.test(path)) { refuse(400, { message: 'Expected JSON', code: 50109 }, `${method} ${path}: multipart body on a route without files`); return; }
      const parsed = parseMultipart(bytes, boundary);
      if (!parsed.ok) { refuse(400, { message: 'Invalid Form Body', code: 50035 }, `${method} ${path}: bad multipart body (${parsed.error})`); return; }
      const json = parsed.fields.get('payload_json');
      if (json === undefined) { refuse(400, { message: 'Invalid Form Body', code: 50035 }, `${method} ${path}: multipart body without payload_json`); return; }
      body = JSON.parse(json) as unknown;
      uploads = parsed.files;
    } else if (bytes.length > 0) {
      if (!contentType.startsWith('application/json')) { refuse(400, { message: 'Expected JSON', code: 50109 }, `${method} ${url.pathname}: body is not JSON`); return; }
      body = JSON.parse(bytes.toString('utf8')) as unknown;
    }
    const authed = req.headers.authorization === `Bot ${this.opts.token}`;
    const app = this.opts.applicationId;

    if (method === 'GET' && path === '/gateway/bot') {
      if (!authed) { reply(401, { message: '401: Unauthorized', code: 0 }); return; }
      const remaining = Math.max(0, SESSION_START_TOTAL - this.gateway.sessionStarts.length);
      reply(200, { url: `ws://127.0.0.1:${this.port}`, shards: this.recommendedShards, session_start_limit: { total: SESSION_START_TOTAL, remaining, reset_after: 14_400_000, max_concurrency: this.opts.maxConcurrency ?? 1 } });
      return;
    }
    if (method === 'GET' && path === '/users/@me') {
      if (!authed) { reply(401, { message: '401: Unauthorized', code: 0 }); return; }
      reply(200, botUser(app));
      return;
    }
    const cmds = new RegExp(`^/applications/${app}(/guilds/(\\d+))?/commands$`).exec(path);
    if (method === 'PUT' && cmds) {
      if (!authed) { reply(401, { message: '401: Unauthorized', code: 0 }); return; }
      const v = commandsBodyViolations(body);
      if (v.length) { refuse(400, invalidFormBody(v), `PUT ${path}: ${v.join('; ')}`); return; }
      const saved = (body as Json[]).map((c) => ({ ...c, id: snowflake(), application_id: app, version: snowflake(), ...(cmds[2] ? { guild_id: cmds[2] } : {}) }) as unknown as RegisteredCommand);
      this.registered.set(path, saved);
      reply(200, saved);
      return;
    }
    const cb = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path);
    if (method === 'POST' && cb) { this.onCallback(cb[1] ?? '', cb[2] ?? '', body as Json, uploads, reply, refuse); return; }
    const wh = new RegExp(`^/webhooks/${app}/([^/]+)(/messages/@original)?$`).exec(path);
    const rec = wh ? [...this.records.values()].find((r) => r.token === wh[1]) : undefined;
    if (wh && (!rec || rec.callbacks.length === 0)) { refuse(404, { message: 'Unknown Webhook', code: 10015 }, `${method} ${path}: unknown webhook`); return; }
    if (wh && rec) {
      const original = Boolean(wh[2]);
      if (original && method === 'GET') { reply(rec.original ? 200 : 404, rec.original ?? { message: 'Unknown Message', code: 10008 }); return; }
      if (original && method === 'DELETE') { rec.events.push('delete'); rec.original = null; reply(204); return; }
      const editing = original && method === 'PATCH';
      const existing = editing && Array.isArray(rec.original?.attachments) ? (rec.original.attachments as Json[]) : [];
      const v = [
        ...messageViolations(body, { requireContent: !original && uploads.length === 0 }),
        ...attachmentViolations(body, uploads, { sizeLimit: ATTACHMENT_SIZE_LIMIT, existing }),
      ];
      if (v.length) { rec.events.push(`rejected:${method}`); refuse(400, invalidFormBody(v), `${method} ${path}: ${v.join('; ')}`); return; }
      const data = body as Json;
      if (editing) {
        rec.events.push('edit');
        const flags = rec.deferredEphemeral ? EPHEMERAL : 0;
        rec.original = this.message(rec.guildId, { ...data, flags }, uploads, rec.original);
        reply(200, rec.original);
        this.settle(rec, seenOf('edit', data, uploads, rec.deferredEphemeral));
        return;
      }
      if (!original && method === 'POST') {
        rec.events.push('followup');
        const ephemeral = (Number(data.flags ?? 0) & EPHEMERAL) !== 0;
        reply(200, this.message(rec.guildId, data, uploads, null));
        this.settle(rec, seenOf('followup', data, uploads, ephemeral));
        return;
      }
    }
    refuse(404, { message: '404: Not Found', code: 0 }, `${method} ${path}: no such route in the stand-in`);
  }

  /**
   * The message object Discord stores for a body: its uploads become attachments (with the
   * descriptions `attachments[]` gave), and an edit keeps the attachments it lists (all of them
   * when it lists none).
   */
  private message(guildId: string, data: Json, uploads: readonly Upload[], previous: Json | null): Json {
    const listed = Array.isArray(data.attachments) ? (data.attachments as Json[]) : undefined;
    const before = Array.isArray(previous?.attachments) ? (previous.attachments as Json[]) : [];
    const kept = listed ? before.filter((a) => listed.some((l) => String(l.id) === String(a.id))) : before;
    const added = uploads.map((u) => {
      const id = snowflake();
      const meta = listed?.find((l) => `files[${String(l.id)}]` === u.key);
      const url = `http://127.0.0.1:${this.port}/attachments/${this.channelOf(guildId)}/${id}/${u.filename}`;
      return { id, filename: u.filename, size: u.data.length, url, proxy_url: url, content_type: u.contentType, ...(typeof meta?.description === 'string' ? { description: meta.description } : {}) };
    });
    const { attachments: _listed, ...rest } = data;
    return messageObject(this.opts.applicationId, guildId, { channel_id: this.channelOf(guildId), ...(previous ?? {}), ...rest, attachments: [...kept, ...added] });
  }

  private onCallback(id: string, token: string, body: Json, uploads: readonly Upload[], reply: (s: number, b?: unknown) => void, refuse: (s: number, b: Json, why: string) => void): void {
    const rec = this.records.get(id);
    if (!rec || rec.token !== token) { refuse(404, { message: 'Unknown interaction', code: 10062 }, `callback ${id}: unknown interaction`); return; }
    const afterMs = Date.now() - rec.dispatchedAt;
    rec.events.push(`callback:${String(body.type)}`);
    if (rec.callbacks.length > 0) { refuse(400, { message: 'Interaction has already been acknowledged.', code: 40060 }, `callback ${id}: already acknowledged`); return; }
    if (afterMs > (this.opts.deadlineMs ?? 3000)) { refuse(404, { message: 'Unknown interaction', code: 10062 }, `callback ${id}: ${afterMs} ms after dispatch (deadline ${this.opts.deadlineMs ?? 3000} ms)`); return; }
    const data = body.data as Json | undefined;
    const type = Number(body.type);
    const v = !CALLBACK_TYPES[rec.kind].includes(type) ? [`type: ${type} is not a response to an interaction of type ${rec.kind}`]
      : type === 4 || type === 7 ? [...messageViolations(data, { requireContent: uploads.length === 0 }), ...attachmentViolations(data, uploads, { sizeLimit: ATTACHMENT_SIZE_LIMIT })]
        : type === 8 ? choicesViolations(data)
          : uploads.length > 0 ? [`files: a callback of type ${type} takes no files`] : [];
    if (v.length) { refuse(400, invalidFormBody(v.map((x) => `data.${x}`)), `callback ${id}: ${v.join('; ')}`); return; }
    rec.callbacks.push({ type, afterMs, data });
    rec.multipart.push(uploads.length > 0);
    if (body.type === 5) {
      rec.deferredEphemeral = (Number(data?.flags ?? 0) & EPHEMERAL) !== 0;
      rec.original = messageObject(this.opts.applicationId, rec.guildId, { channel_id: this.channelOf(rec.guildId), content: '', flags: (rec.deferredEphemeral ? EPHEMERAL : 0) | 128 });
    }
    if (body.type === 4 && data) {
      rec.original = this.message(rec.guildId, data, uploads, null);
      this.settle(rec, seenOf('reply', data, uploads, (Number(data.flags ?? 0) & EPHEMERAL) !== 0));
    }
    reply(204);
  }
}

/** What the user sees of one message body and its uploads. */
function seenOf(via: SeenMessage['via'], data: Json, uploads: readonly Upload[], ephemeral: boolean): SeenMessage {
  const listed = Array.isArray(data.attachments) ? (data.attachments as Json[]) : [];
  const files = uploads.map((u): SeenFile => {
    const d = listed.find((l) => `files[${String(l.id)}]` === u.key)?.description;
    return typeof d === 'string' ? { ...u, description: d } : u;
  });
  return {
    via, content: String(data.content ?? ''), embeds: (data.embeds ?? []) as Json[], components: (data.components ?? []) as Json[], files, ephemeral,
  };
}
