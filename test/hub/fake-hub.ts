/**
 * A stand-in for the Hugging Face Hub on 127.0.0.1 (random port): routes by path, records every
 * request it sees (path with query, Authorization header), and closes every socket on `close()`
 * so that tests leave no open handles.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly authorization: string | undefined;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface FakeHub {
  readonly origin: string;
  readonly seen: SeenRequest[];
  /** Requests whose path (without query) is `path`. */
  hits(path: string): number;
  close(): Promise<void>;
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Handler => (_req, res) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

export const status = (code: number, headers: Record<string, string> = {}): Handler => (_req, res) => {
  res.writeHead(code, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ error: `status ${code}` }));
};

/** Answers after `ms` (or never, once the client has gone). */
export const slow = (ms: number, then: Handler): Handler => (req, res) => {
  const timer = setTimeout(() => then(req, res), ms);
  res.on('close', () => clearTimeout(timer));
};

/** Streams `total` bytes of JSON-ish filler in `chunk`-byte pieces, one per `everyMs`, with no Content-Length. */
export const stream = (total: number, chunk: number, everyMs: number): Handler => (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  let sent = 0;
  const timer = setInterval(() => {
    if (sent >= total || res.destroyed) {
      clearInterval(timer);
      res.end();
      return;
    }
    res.write(' '.repeat(chunk));
    sent += chunk;
  }, everyMs);
  res.on('close', () => clearInterval(timer));
};

export async function startFakeHub(routes: Readonly<Record<string, Handler>>): Promise<FakeHub> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const handler = Object.hasOwn(routes, path) ? routes[path] : undefined;
    (handler ?? status(404, { 'x-error-code': 'RepoNotFound' }))(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    seen,
    hits: (path) => seen.filter((s) => new URL(s.url, 'http://x').pathname === path).length,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
