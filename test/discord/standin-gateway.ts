/**
 * The stand-in's gateway: Discord's WebSocket protocol (API v10, JSON, no compression) on the
 * stand-in's port. HELLO on connect; IDENTIFY checked for the token (close 4004) and intents
 * (4013 malformed, 4014 privileged); READY then GUILD_CREATE; HEARTBEAT answered with
 * HEARTBEAT_ACK; RESUME of a known session answered with RESUMED (4006 otherwise); anything
 * else before IDENTIFY closes 4003. Dispatches carry increasing sequence numbers.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { WebSocket, WebSocketServer } from 'ws';
import { botUser, guildCreate, type Json } from './standin-payloads';

const PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15); // GuildMembers, GuildPresences, MessageContent

export interface GatewayOptions {
  readonly token: string;
  readonly applicationId: string;
  readonly guildId: string;
  readonly heartbeatIntervalMs: number;
  /** `ws://127.0.0.1:PORT`, also sent as `resume_gateway_url`. */
  readonly url: () => string;
  /** Where protocol refusals are recorded. */
  readonly violations: string[];
}

export class StandinGateway {
  /** IDENTIFY payloads received, the token replaced by `<valid>` / `<invalid>`. */
  readonly identifies: Json[] = [];
  heartbeatAcks = 0;
  private seq = 0;
  private socket: WebSocket | null = null;
  private sessionId = '';

  constructor(wss: WebSocketServer, private readonly opts: GatewayOptions) {
    wss.on('connection', (ws, req) => this.onConnection(ws, req));
  }

  /** Sends an event (op 0) to the identified connection. */
  dispatch(t: string, d: unknown): void {
    if (!this.socket) throw new Error('stand-in: no identified gateway connection');
    this.send(this.socket, { op: 0, t, s: ++this.seq, d });
  }

  /** Whether a client is identified (connected and past READY). */
  get connected(): boolean {
    return this.socket !== null;
  }

  /** Closes the identified connection with a gateway close code (4004: authentication failed, fatal for the client). */
  closeWith(code: number, reason: string): void {
    if (!this.socket) throw new Error('stand-in: no identified gateway connection');
    this.socket.close(code, reason);
  }

  private send(ws: WebSocket, payload: Json): void {
    ws.send(JSON.stringify(payload));
  }

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    if (q.get('v') !== '10' || q.get('encoding') !== 'json' || q.has('compress')) {
      this.opts.violations.push(`gateway: refused ${req.url ?? ''} (want ?v=10&encoding=json, no compress)`);
      ws.close(4012, 'Invalid API version or encoding.');
      return;
    }
    this.send(ws, { op: 10, s: null, t: null, d: { heartbeat_interval: this.opts.heartbeatIntervalMs, _trace: ['["standin",{}]'] } });
    ws.on('message', (raw: Buffer) => {
      let p: Json;
      try { p = JSON.parse(raw.toString('utf8')) as Json; } catch { ws.close(4002, 'Error while decoding payload.'); return; }
      const d = (p.d ?? {}) as Json;
      if (p.op === 1) { this.heartbeatAcks++; this.send(ws, { op: 11, s: null, t: null, d: null }); return; }
      if (p.op === 2) { this.onIdentify(ws, d); return; }
      if (p.op === 6) { this.onResume(ws, d); return; }
      if (this.socket !== ws) ws.close(4003, 'Not authenticated.');
    });
    ws.on('close', () => { if (this.socket === ws) this.socket = null; });
  }

  private onIdentify(ws: WebSocket, d: Json): void {
    this.identifies.push({ ...d, token: d.token === this.opts.token ? '<valid>' : '<invalid>' });
    if (d.token !== this.opts.token) { ws.close(4004, 'Authentication failed.'); return; }
    const intents = Number(d.intents);
    if (!Number.isInteger(intents)) { ws.close(4013, 'Invalid intent(s).'); return; }
    if ((intents & PRIVILEGED_INTENTS) !== 0) { ws.close(4014, 'Disallowed intent(s).'); return; }
    this.socket = ws;
    this.sessionId = randomBytes(16).toString('hex');
    const { applicationId, guildId } = this.opts;
    this.dispatch('READY', {
      v: 10, user_settings: {}, user: botUser(applicationId), session_type: 'normal',
      guilds: [{ id: guildId, unavailable: true }], session_id: this.sessionId,
      resume_gateway_url: this.opts.url(), shard: [0, 1], application: { id: applicationId, flags: 8953856 },
      private_channels: [], relationships: [], presences: [], guild_join_requests: [], geo_ordered_rtc_regions: [], _trace: [],
    });
    this.dispatch('GUILD_CREATE', guildCreate(guildId, applicationId));
  }

  private onResume(ws: WebSocket, d: Json): void {
    if (d.token !== this.opts.token || d.session_id !== this.sessionId) { ws.close(4006, 'Session is no longer valid.'); return; }
    this.socket = ws;
    this.dispatch('RESUMED', { _trace: [] });
  }
}
