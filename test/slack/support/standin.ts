/**
 * A loopback stand-in for Slack's side of HTTP: the Web API (`POST /api/<method>`, form or
 * JSON bodies, `Authorization: Bearer <token>`, `{ok:...}` answers) and per-request
 * response_urls (`POST /respond/<id>`, JSON bodies). It records what it received.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
  /** performance.now() at receipt. */
  readonly at: number;
}

/** A Web API method's answer: HTTP status and JSON body. */
export type ApiAnswer = { readonly status: number; readonly json: Record<string, unknown> };
export type ApiHandler = (body: Record<string, unknown>, headers: IncomingHttpHeaders) => ApiAnswer;

const ok = (json: Record<string, unknown> = {}): ApiAnswer => ({ status: 200, json: { ok: true, ...json } });

function parseBody(raw: string, type: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (type?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = (k === 'blocks' || k === 'attachments') && v.startsWith('[') ? JSON.parse(v) as unknown : v;
  }
  return out;
}

export class SlackStandIn {
  /** Web API calls, in order. */
  readonly apiCalls: Received[] = [];
  /** response_url posts by id. */
  readonly responses = new Map<string, Received>();
  /** Status codes to answer for given response ids (default 200). */
  readonly respondStatus = new Map<string, number>();
  /** Per-method overrides of the Web API answers. */
  readonly api: Record<string, ApiHandler> = {
    'auth.test': () => ok({ url: 'https://example.slack.com/', team: 'Example', user: 'vram-bot', team_id: 'T0001', user_id: 'U0BOT', bot_id: 'B0BOT' }),
    'chat.postEphemeral': () => ok({ message_ts: '1700000000.000100' }),
  };
  /** Called on every response_url post (the bench times replies with it). */
  onResponse: ((id: string, r: Received) => void) | undefined;
  private waiters = new Map<string, (r: Received) => void>();

  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(): Promise<SlackStandIn> {
    let self: SlackStandIn | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => self?.handle(req.url ?? '/', req.headers, Buffer.concat(chunks).toString('utf8'), res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    self = new SlackStandIn(server, `http://127.0.0.1:${port}`);
    return self;
  }

  /** Base URL for `SLACK_API_URL` / `clientOptions.slackApiUrl`. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/respond/${id}`;
  }

  callsTo(method: string): Received[] {
    return this.apiCalls.filter((c) => c.path === `/api/${method}`);
  }

  /** Resolves with the post to response_url `id` (already received or the next one). */
  waitForResponse(id: string, timeoutMs = 5000): Promise<Received> {
    const have = this.responses.get(id);
    if (have) return Promise.resolve(have);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(id);
        reject(new Error(`no post to response_url ${id} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(path: string, headers: IncomingHttpHeaders, raw: string, res: ServerResponse): void {
    const send = (status: number, json: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(json));
    };
    let body: Record<string, unknown>;
    try {
      body = parseBody(raw, headers['content-type']);
    } catch {
      send(400, { ok: false, error: 'invalid_json' });
      return;
    }
    const rec: Received = { path, headers, body, at: performance.now() };
    const respond = /^\/respond\/([\w-]+)$/.exec(path);
    if (respond?.[1]) {
      const id = respond[1];
      const status = this.respondStatus.get(id) ?? 200;
      if (status === 200) {
        this.responses.set(id, rec);
        this.onResponse?.(id, rec);
        this.waiters.get(id)?.(rec);
        this.waiters.delete(id);
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
      } else {
        res.writeHead(status, { 'content-type': 'text/plain' });
        res.end('response_url failure (stand-in)');
      }
      return;
    }
    const api = /^\/api\/([\w.]+)$/.exec(path);
    if (api?.[1]) {
      this.apiCalls.push(rec);
      const handler = this.api[api[1]];
      const answer = handler ? handler(body, headers) : { status: 200, json: { ok: false, error: 'unknown_method' } };
      send(answer.status, answer.json);
      return;
    }
    send(404, { ok: false, error: 'not_found' });
  }
}
