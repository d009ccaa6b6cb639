/**
 * A loopback stand-in for Slack's side of HTTP: the Web API (`POST /api/<method>`, form or
 * JSON bodies, `Authorization: Bearer <token>`, `{ok:...}` answers), per-request
 * response_urls (`POST /respond/<id>`, JSON bodies), and the file upload URLs that
 * `files.getUploadURLExternal` hands out (`POST /upload/<file id>`, multipart, as
 * `files.uploadV2` sends the bytes). It records what it received.
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
/** May answer later (a slow Slack). */
export type ApiHandler = (body: Record<string, unknown>, headers: IncomingHttpHeaders) => ApiAnswer | Promise<ApiAnswer>;

const ok = (json: Record<string, unknown> = {}): ApiAnswer => ({ status: 200, json: { ok: true, ...json } });

/** Form fields Slack's client sends as JSON strings. */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'files']);

function parseBody(raw: string, type: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (type?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = JSON_FIELDS.has(k) && v.startsWith('[') ? JSON.parse(v) as unknown : v;
  }
  return out;
}

/** The `users.info` flags the stand-in answers with, or an error code to fail with. */
export type StandInUser = { readonly is_admin?: boolean; readonly is_owner?: boolean; readonly is_primary_owner?: boolean } | { readonly error: string };

/** A workspace that can install the app through the stand-in's `oauth.v2.access`. */
export interface StandInWorkspace {
  readonly teamId: string;
  readonly teamName: string;
  readonly botToken: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly installerId: string;
  readonly scopes: readonly string[];
  /** Set once its code was exchanged (codes are single-use). */
  used?: boolean;
}

/** The bearer token of a request, if any. */
export function bearer(headers: IncomingHttpHeaders): string | undefined {
  return /^Bearer (.+)$/.exec(String(headers.authorization ?? ''))?.[1];
}

/** Bytes received at an upload URL. */
export interface Upload {
  readonly fileId: string;
  readonly headers: IncomingHttpHeaders;
  /** The file part's bytes (multipart) or the raw body. */
  readonly bytes: Buffer;
  readonly filename: string | undefined;
  readonly at: number;
}

export class SlackStandIn {
  /** Web API calls, in order. */
  readonly apiCalls: Received[] = [];
  /** response_url posts by id. */
  readonly responses = new Map<string, Received>();
  /** Status codes to answer for given response ids (default 200). */
  readonly respondStatus = new Map<string, number>();
  /** `users.info` answers by user id; anyone else is a plain member. */
  readonly users = new Map<string, StandInUser>();
  /** Bytes posted to upload URLs, in order. */
  readonly uploads: Upload[] = [];
  /** Status codes to answer for given upload file ids (default 200). */
  readonly uploadStatus = new Map<string, number>();
  /**
   * OAuth: the workspaces an install can grant, by the authorization `code` Slack would put in
   * the redirect (`oauth.v2.access` exchanges it once); their bot tokens answer `auth.test` as
   * that workspace. `revoked` tokens answer `invalid_auth`.
   */
  readonly grants = new Map<string, StandInWorkspace>();
  readonly revoked = new Set<string>();
  /** The app's credentials `oauth.v2.access` accepts (default: any). */
  oauthClient: { readonly id: string; readonly secret: string } | undefined;
  /** Per-method overrides of the Web API answers. */
  readonly api: Record<string, ApiHandler> = {
    'auth.test': (_body, headers) => {
      const token = bearer(headers);
      if (token !== undefined && this.revoked.has(token)) return { status: 200, json: { ok: false, error: 'invalid_auth' } };
      const ws = token === undefined ? undefined : [...this.grants.values()].find((w) => w.botToken === token);
      if (ws) return ok({ url: `https://${ws.teamName.toLowerCase()}.slack.com/`, team: ws.teamName, user: 'vram-bot', team_id: ws.teamId, user_id: ws.botUserId, bot_id: ws.botId });
      return ok({ url: 'https://example.slack.com/', team: 'Example', user: 'vram-bot', team_id: 'T0001', user_id: 'U0BOT', bot_id: 'B0BOT' });
    },
    // Slack's oauth.v2.access (docs.slack.dev/reference/methods/oauth.v2.access): client_id and
    // client_secret as form fields (as @slack/oauth's InstallProvider sends them) or HTTP Basic.
    'oauth.v2.access': (body, headers) => {
      const basic = /^Basic (.+)$/.exec(String(headers.authorization ?? ''))?.[1];
      const [basicId, basicSecret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [];
      const id = String(body.client_id ?? basicId ?? '');
      const secret = String(body.client_secret ?? basicSecret ?? '');
      if (this.oauthClient && (id !== this.oauthClient.id || secret !== this.oauthClient.secret)) return { status: 200, json: { ok: false, error: 'invalid_client_id' } };
      const code = String(body.code ?? '');
      const ws = this.grants.get(code);
      if (!ws || ws.used) return { status: 200, json: { ok: false, error: 'invalid_code' } };
      ws.used = true;
      return ok({
        access_token: ws.botToken,
        token_type: 'bot',
        scope: ws.scopes.join(','),
        bot_user_id: ws.botUserId,
        app_id: 'A0001',
        team: { name: ws.teamName, id: ws.teamId },
        enterprise: null,
        authed_user: { id: ws.installerId },
        is_enterprise_install: false,
      });
    },
    'chat.postEphemeral': () => ok({ message_ts: '1700000000.000100' }),
    'users.info': (body) => {
      const id = String(body.user ?? '');
      const u = this.users.get(id);
      if (u && 'error' in u) return { status: 200, json: { ok: false, error: u.error } };
      return ok({ user: { id, team_id: 'T0001', name: id.toLowerCase(), deleted: false, is_admin: false, is_owner: false, is_primary_owner: false, is_bot: false, ...u } });
    },
    'files.getUploadURLExternal': (body) => {
      if (!body.filename || !(Number(body.length) > 0)) return { status: 200, json: { ok: false, error: 'invalid_arguments' } };
      this.fileSeq += 1;
      const fileId = `F${String(this.fileSeq).padStart(4, '0')}`;
      return ok({ upload_url: `${this.url}/upload/${fileId}`, file_id: fileId });
    },
    'files.completeUploadExternal': (body) => {
      const files = Array.isArray(body.files) ? body.files as { id: string; title?: string }[] : [];
      if (files.length === 0) return { status: 200, json: { ok: false, error: 'invalid_arguments' } };
      return ok({ files: files.map((f) => ({ id: f.id, title: f.title ?? '', name: 'vram-chart.png', mimetype: 'image/png' })) });
    },
  };
  /** Called on every response_url post (the bench times replies with it). */
  onResponse: ((id: string, r: Received) => void) | undefined;
  private waiters = new Map<string, (r: Received) => void>();
  private fileSeq = 0;

  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(): Promise<SlackStandIn> {
    let self: SlackStandIn | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void self?.handle(req.url ?? '/', req.headers, Buffer.concat(chunks), res).catch(() => {
          if (!res.headersSent) res.writeHead(500);
          res.end();
        });
      });
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

  /** Resolves once `cond()` holds (polling every 10 ms). */
  async waitFor(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!cond()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
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

  private async handle(path: string, headers: IncomingHttpHeaders, bytes: Buffer, res: ServerResponse): Promise<void> {
    const send = (status: number, json: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(json));
    };
    const upload = /^\/upload\/(\w+)$/.exec(path);
    if (upload?.[1]) {
      await this.receiveUpload(upload[1], headers, bytes, res);
      return;
    }
    const raw = bytes.toString('utf8');
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
      const answer = handler ? await handler(body, headers) : { status: 200, json: { ok: false, error: 'unknown_method' } };
      send(answer.status, answer.json);
      return;
    }
    send(404, { ok: false, error: 'not_found' });
  }

  /** An upload URL: the file part of a multipart body (as files.uploadV2 posts it), or the raw body. */
  private async receiveUpload(fileId: string, headers: IncomingHttpHeaders, raw: Buffer, res: ServerResponse): Promise<void> {
    const type = headers['content-type'] ?? '';
    let data = raw;
    let filename: string | undefined;
    if (type.startsWith('multipart/form-data')) {
      const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
      const part = [...form.values()].find((v) => typeof v !== 'string');
      if (part !== undefined && typeof part !== 'string') {
        data = Buffer.from(await part.arrayBuffer());
        filename = part.name;
      }
    }
    this.uploads.push({ fileId, headers, bytes: data, filename, at: performance.now() });
    const status = this.uploadStatus.get(fileId) ?? 200;
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(status === 200 ? `OK - ${data.length}` : 'upload failure (stand-in)');
  }
}
