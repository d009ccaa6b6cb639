/**
 * A loopback stand-in for Slack's Socket Mode endpoint, speaking the protocol that
 * @slack/socket-mode implements: after the WebSocket opens the server sends `{"type":"hello"}`;
 * events arrive as envelopes `{envelope_id, type, payload, accepts_response_payload}`; the app
 * acks with `{envelope_id, payload}`; `{"type":"disconnect"}` asks the app to reconnect (it
 * calls `apps.connections.open` again).
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface Ack {
  readonly envelope_id: string;
  readonly payload?: Record<string, unknown>;
}

export class SocketStandIn {
  /** Every JSON message the app sent, in order. */
  readonly received: Record<string, unknown>[] = [];
  readonly connections: WebSocket[] = [];
  private listeners: (() => void)[] = [];

  private constructor(private readonly wss: WebSocketServer, readonly url: string) {
    wss.on('connection', (ws) => {
      this.connections.push(ws);
      ws.on('message', (data) => {
        try {
          this.received.push(JSON.parse(String(data)) as Record<string, unknown>);
        } catch {
          this.received.push({ unparsable: String(data) });
        }
        this.notify();
      });
      ws.on('close', () => this.notify());
      ws.send(JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'applink-standin', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: 'A0001' },
      }));
      this.notify();
    });
  }

  static async start(): Promise<SocketStandIn> {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    const { port } = wss.address() as AddressInfo;
    return new SocketStandIn(wss, `ws://127.0.0.1:${port}/link/?ticket=standin&app_id=A0001`);
  }

  /** The most recent open connection. */
  get current(): WebSocket | undefined {
    return [...this.connections].reverse().find((c) => c.readyState === c.OPEN);
  }

  /** Sends an envelope on the current connection; returns its id. */
  /** `extra`: more envelope fields, e.g. `{ retry_attempt: 1, retry_reason: 'timeout' }` for a redelivery. */
  sendEnvelope(type: string, payload: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
    const envelope_id = randomUUID();
    const ws = this.current;
    if (!ws) throw new Error('no open Socket Mode connection');
    ws.send(JSON.stringify({ envelope_id, type, payload, accepts_response_payload: type === 'slash_commands', ...extra }));
    return envelope_id;
  }

  /** Asks the app to reconnect, as Slack does before recycling a connection. */
  sendDisconnect(reason = 'refresh_requested'): void {
    this.current?.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-standin' } }));
  }

  waitFor(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
    if (cond()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!cond()) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== check);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      this.listeners.push(check);
    });
  }

  waitForAck(envelopeId: string, timeoutMs = 5000): Promise<Ack> {
    const find = (): Ack | undefined => this.received.find((m) => m.envelope_id === envelopeId) as Ack | undefined;
    return this.waitFor(() => find() !== undefined, `ack of ${envelopeId}`, timeoutMs).then(() => find() as Ack);
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }
}
