/**
 * The operator's endpoints: `/healthz` (liveness: the process and its event loop answer),
 * `/readyz` (every adapter connected and the preset store open; 503 with the reason otherwise)
 * and `/metrics` (Prometheus text format from prom-client). Served on the Slack HTTP server in
 * HTTP mode (as Bolt custom routes) and, when `OPS_PORT` is set, on a port of their own.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Metrics } from './metrics';

export interface OpsState {
  /** Each supervised adapter and whether it is connected and answering. */
  readonly adapters: () => readonly { readonly name: string; readonly ready: boolean }[];
  /** The preset store is open (false: presets unavailable; estimates still work). */
  readonly storeOpen: () => boolean;
  /** The process is draining (SIGTERM): not ready for new work. */
  readonly draining: () => boolean;
  readonly metrics: Metrics;
}

export interface Route {
  readonly path: string;
  readonly method: string;
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

/** Readiness: what is not ready, or nothing. */
export function readiness(state: OpsState): { ready: boolean; adapters: Record<string, boolean>; store: boolean; draining: boolean } {
  const adapters = Object.fromEntries(state.adapters().map((a) => [a.name, a.ready]));
  const store = state.storeOpen();
  const draining = state.draining();
  return { ready: !draining && store && Object.values(adapters).every(Boolean), adapters, store, draining };
}

/** The three routes, for Bolt's `customRoutes` or the stand-alone server. */
export function opsRoutes(state: OpsState): Route[] {
  return [
    { path: '/healthz', method: 'GET', handler: (_req, res) => json(res, 200, { status: 'ok' }) },
    {
      path: '/readyz', method: 'GET',
      handler: (_req, res) => { const r = readiness(state); json(res, r.ready ? 200 : 503, { status: r.ready ? 'ready' : 'not ready', ...r }); },
    },
    {
      path: '/metrics', method: 'GET',
      handler: (_req, res) => {
        state.metrics.registry.metrics().then((text) => {
          res.writeHead(200, { 'content-type': state.metrics.registry.contentType, 'cache-control': 'no-store' });
          res.end(text);
        }, () => json(res, 500, { status: 'metrics unavailable' }));
      },
    },
  ];
}

/** A stand-alone server for the routes (`OPS_PORT`). */
export async function startOpsServer(port: number, host: string, state: OpsState): Promise<{ port: number; close(): Promise<void>; server: Server }> {
  const routes = opsRoutes(state);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = routes.find((r) => r.path === path && r.method === req.method);
    if (!route) { json(res, 404, { status: 'not found' }); return; }
    route.handler(req, res);
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(port, host, () => resolve()); });
  const addr = server.address();
  return {
    server,
    port: typeof addr === 'object' && addr ? addr.port : port,
    close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections?.(); }),
  };
}
