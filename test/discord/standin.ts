/**
 * A local Discord stand-in on loopback, speaking the real wire protocol, for end-to-end tests of
 * the real discord.js client:
 *
 * - REST under `apiUrl` (`http://127.0.0.1:PORT/api`, the client adds `/v10`): `GET /gateway/bot`,
 *   `GET /users/@me`, command bulk overwrite (`PUT .../commands`), interaction callbacks
 *   (`POST /interactions/{id}/{token}/callback`), the original response
 *   (`GET|PATCH|DELETE /webhooks/{app}/{token}/messages/@original`) and follow-ups
 *   (`POST /webhooks/{app}/{token}`). Bot routes check `Authorization: Bot <token>`.
 * - A gateway WebSocket (`ws`) on the same port (`standin-gateway.ts`): HELLO, IDENTIFY with the
 *   token and intents checked, READY and GUILD_CREATE, HEARTBEAT_ACK, and the INTERACTION_CREATE
 *   dispatches the tests send. Plain JSON only.
 * - Discord's rules, enforced: the first callback more than 3 s after dispatch gets 404
 *   `Unknown interaction` (10062), a second one 400 (40060); bodies over the embed, content or
 *   autocomplete limits get 400 `Invalid Form Body` (50035). Every refusal is kept in
 *   `violations`, so a test can assert there were none.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { choicesViolations, commandsBodyViolations, invalidFormBody, messageViolations } from './discord-rules';
import { StandinGateway } from './standin-gateway';
import {
  botUser, commandOptions, interactionPayload, messageObject, snowflake,
  type Json, type OptionInput, type RegisteredCommand,
} from './standin-payloads';

export interface StandinOptions {
  readonly token: string;
  readonly applicationId: string;
  readonly guildId: string;
  /** Gateway heartbeat interval sent in HELLO (Discord: 41250 ms). */
  readonly heartbeatIntervalMs?: number;
  /** First-response deadline after dispatch (Discord: 3000 ms). */
  readonly deadlineMs?: number;
}

/** What the user would see as the answer to one command. */
export interface SeenMessage {
  readonly via: 'reply' | 'edit' | 'followup';
  readonly content: string;
  readonly embeds: readonly Json[];
  readonly ephemeral: boolean;
}

export interface InteractionRecord {
  readonly id: string;
  readonly token: string;
  readonly dispatchedAt: number;
  /** Callback types in order (4 reply, 5 deferred, 8 autocomplete result), with ms since dispatch. */
  readonly callbacks: { type: number; afterMs: number; data: Json | undefined }[];
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

  private constructor(readonly opts: StandinOptions) {
    this.server = createServer((req, res) => { void this.onHttp(req, res); });
    this.wss = new WebSocketServer({ server: this.server });
    this.gateway = new StandinGateway(this.wss, {
      token: opts.token, applicationId: opts.applicationId, guildId: opts.guildId, heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 41250,
      url: () => `ws://127.0.0.1:${this.port}`, violations: this.violations,
    });
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

  private newRecord(): InteractionRecord {
    const rec: InteractionRecord = { id: snowflake(), token: `aW50ZXJhY3Rpb24${randomBytes(48).toString('base64url')}`, dispatchedAt: 0, callbacks: [], events: [], deferredEphemeral: false, original: null };
    this.records.set(rec.id, rec);
    return rec;
  }

  private findCommand(name: string): RegisteredCommand {
    const all = [...this.registered.values()].flat();
    const cmd = all.find((c) => c.name === name);
    if (!cmd) throw new Error(`stand-in: /${name} is not registered (deploy the commands first)`);
    return cmd;
  }

  /**
   * A user runs `/name` with `options` (validated against the registered definition as
   * Discord's client does). Resolves with the interaction's record and its first visible answer.
   */
  runCommand(name: string, options: OptionInput = {}, timeoutMs = 6000): { record: InteractionRecord; seen: Promise<SeenMessage> } {
    const cmd = this.findCommand(name);
    const rec = this.newRecord();
    const seen = new Promise<SeenMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`stand-in: no answer to /${name} within ${timeoutMs} ms; events: ${rec.events.join(', ') || 'none'}; violations: ${this.violations.join('; ') || 'none'}`)), timeoutMs);
      timer.unref();
      this.timers.add(timer);
      this.waiters.set(rec.id, (m) => { clearTimeout(timer); resolve(m); });
    });
    const payload = interactionPayload({ type: 2, rec, cmd, options: commandOptions(cmd, options), guildId: this.opts.guildId, applicationId: this.opts.applicationId });
    (rec as { dispatchedAt: number }).dispatchedAt = Date.now();
    this.gateway.dispatch('INTERACTION_CREATE', payload);
    return { record: rec, seen };
  }

  /** A user types into an autocomplete option: resolves with the choices the bot sent. */
  async autocomplete(name: string, options: OptionInput, focused: string, timeoutMs = 4000): Promise<{ name: string; value: string }[]> {
    const cmd = this.findCommand(name);
    const rec = this.newRecord();
    const opts = commandOptions(cmd, options, focused);
    (rec as { dispatchedAt: number }).dispatchedAt = Date.now();
    this.gateway.dispatch('INTERACTION_CREATE', interactionPayload({ type: 4, rec, cmd, options: opts, guildId: this.opts.guildId, applicationId: this.opts.applicationId }));
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const cb = rec.callbacks.find((c) => c.type === 8);
      if (cb) return (cb.data?.choices ?? []) as { name: string; value: string }[];
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`stand-in: no autocomplete result for /${name} ${focused}; events: ${rec.events.join(', ')}`);
  }

  private settle(rec: InteractionRecord, m: SeenMessage): void {
    const w = this.waiters.get(rec.id);
    if (w) { this.waiters.delete(rec.id); w(m); }
  }

  // ── REST ──────────────────────────────────────────────────────────────────────────────

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const reply = (status: number, body?: unknown): void => {
      if (body === undefined) { res.writeHead(status).end(); return; }
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const refuse = (status: number, body: Json, why: string): void => { this.violations.push(why); reply(status, body); };
    if (!url.pathname.startsWith('/api/v10/')) { refuse(404, { message: '404: Not Found', code: 0 }, `${req.method ?? ''} ${url.pathname}: not under /api/v10`); return; }
    if (raw !== '' && !String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      refuse(400, { message: 'Expected JSON', code: 50109 }, `${req.method ?? ''} ${url.pathname}: body is not JSON`);
      return;
    }
    const body = raw === '' ? undefined : (JSON.parse(raw) as unknown);
    const path = decodeURIComponent(url.pathname.slice('/api/v10'.length)); // `@original` arrives as `%40original`
    const method = req.method ?? 'GET';
    const authed = req.headers.authorization === `Bot ${this.opts.token}`;
    const app = this.opts.applicationId;

    if (method === 'GET' && path === '/gateway/bot') {
      if (!authed) { reply(401, { message: '401: Unauthorized', code: 0 }); return; }
      reply(200, { url: `ws://127.0.0.1:${this.port}`, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 } });
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
    if (method === 'POST' && cb) { this.onCallback(cb[1] ?? '', cb[2] ?? '', body as Json, reply, refuse); return; }
    const wh = new RegExp(`^/webhooks/${app}/([^/]+)(/messages/@original)?$`).exec(path);
    const rec = wh ? [...this.records.values()].find((r) => r.token === wh[1]) : undefined;
    if (wh && (!rec || rec.callbacks.length === 0)) { refuse(404, { message: 'Unknown Webhook', code: 10015 }, `${method} ${path}: unknown webhook`); return; }
    if (wh && rec) {
      const original = Boolean(wh[2]);
      if (original && method === 'GET') { reply(rec.original ? 200 : 404, rec.original ?? { message: 'Unknown Message', code: 10008 }); return; }
      if (original && method === 'DELETE') { rec.events.push('delete'); rec.original = null; reply(204); return; }
      const v = messageViolations(body, { requireContent: !original });
      if (v.length) { rec.events.push(`rejected:${method}`); refuse(400, invalidFormBody(v), `${method} ${path}: ${v.join('; ')}`); return; }
      const data = body as Json;
      if (original && method === 'PATCH') {
        rec.events.push('edit');
        const flags = rec.deferredEphemeral ? EPHEMERAL : 0;
        rec.original = messageObject(app, this.opts.guildId, { ...rec.original, ...data, flags });
        reply(200, rec.original);
        this.settle(rec, { via: 'edit', content: String(data.content ?? ''), embeds: (data.embeds ?? []) as Json[], ephemeral: rec.deferredEphemeral });
        return;
      }
      if (!original && method === 'POST') {
        rec.events.push('followup');
        const ephemeral = (Number(data.flags ?? 0) & EPHEMERAL) !== 0;
        reply(200, messageObject(app, this.opts.guildId, data));
        this.settle(rec, { via: 'followup', content: String(data.content ?? ''), embeds: (data.embeds ?? []) as Json[], ephemeral });
        return;
      }
    }
    refuse(404, { message: '404: Not Found', code: 0 }, `${method} ${path}: no such route in the stand-in`);
  }

  private onCallback(id: string, token: string, body: Json, reply: (s: number, b?: unknown) => void, refuse: (s: number, b: Json, why: string) => void): void {
    const rec = this.records.get(id);
    if (!rec || rec.token !== token) { refuse(404, { message: 'Unknown interaction', code: 10062 }, `callback ${id}: unknown interaction`); return; }
    const afterMs = Date.now() - rec.dispatchedAt;
    rec.events.push(`callback:${String(body.type)}`);
    if (rec.callbacks.length > 0) { refuse(400, { message: 'Interaction has already been acknowledged.', code: 40060 }, `callback ${id}: already acknowledged`); return; }
    if (afterMs > (this.opts.deadlineMs ?? 3000)) { refuse(404, { message: 'Unknown interaction', code: 10062 }, `callback ${id}: ${afterMs} ms after dispatch (deadline ${this.opts.deadlineMs ?? 3000} ms)`); return; }
    const data = body.data as Json | undefined;
    const v = body.type === 4 ? messageViolations(data, { requireContent: true }) : body.type === 8 ? choicesViolations(data) : body.type === 5 ? [] : [`type: ${String(body.type)} is not a response to a slash command`];
    if (v.length) { refuse(400, invalidFormBody(v.map((x) => `data.${x}`)), `callback ${id}: ${v.join('; ')}`); return; }
    rec.callbacks.push({ type: Number(body.type), afterMs, data });
    if (body.type === 5) {
      rec.deferredEphemeral = (Number(data?.flags ?? 0) & EPHEMERAL) !== 0;
      rec.original = messageObject(this.opts.applicationId, this.opts.guildId, { content: '', flags: (rec.deferredEphemeral ? EPHEMERAL : 0) | 128 });
    }
    if (body.type === 4 && data) {
      rec.original = messageObject(this.opts.applicationId, this.opts.guildId, data);
      this.settle(rec, { via: 'reply', content: String(data.content ?? ''), embeds: (data.embeds ?? []) as Json[], ephemeral: (Number(data.flags ?? 0) & EPHEMERAL) !== 0 });
    }
    reply(204);
  }
}
