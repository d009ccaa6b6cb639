/**
 * Scale bench (`npm run bench:scale`): the deployment README "Deploying" describes, on loopback.
 * A real PostgreSQL server (test/support/postgres.ts: the embedded binaries, or the server
 * DATABASE_URL / TEST_DATABASE_URL names, where it makes a fresh database), two bot instances
 * started exactly as the container starts one (`node --import tsx adapters/main.ts`, Slack HTTP
 * mode, DATABASE_URL set, each in a process of its own), a round-robin HTTP proxy in front of
 * them (the load balancer), and the Slack side played by the local stand-in
 * (test/slack/support/standin.ts: `auth.test`, `users.info`, the response_urls).
 *
 * Load: validly signed `/vram` slash commands at a fixed rate (open loop: a request goes out
 * when it is due, answered or not), for a fixed time. In every 10 requests: 8 estimates (and
 * listings), one `preset save` and one `preset show` of the preset the save five slots earlier
 * made. The show is sent through the proxy to the OTHER instance than the one that served the
 * save (the proxy honours an `x-route-to` header for exactly this; every other request is
 * round-robin), once the save's reply has arrived: its reply must carry the same canonical
 * arguments, read back from the shared database.
 *
 * One estimate in ten is then delivered again as Slack's retry (the same body, re-signed, with
 * `X-Slack-Retry-Num: 1`) to the other instance, after its reply: it must run nothing.
 *
 * Prints: the rate achieved, the latency of the HTTP acknowledgement (Slack's limit is 3 s)
 * and of the reply at the response_url, errors by kind, requests per instance, the retries that
 * ran again, the read-back checks (checked / failed), and how the instances stopped. Then everything is stopped: the
 * instances get SIGTERM (they drain and exit 0), and each runs under a `sh` that also stops it
 * if this process dies (the same pipe guard as the PostgreSQL harness), so nothing is left.
 *
 * Options: `--rate=50` (requests/s), `--seconds=20`, `--charts` (upload chart PNGs after public
 * estimates, as SLACK_CHARTS=true does; off by default, as in `npm run bench:slack`),
 * `--app=<dir>` (run the instances from another copy of the app, such as the image's runtime
 * files installed with `npm ci --omit=dev`), `--uid=<n>` (run them as that user).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startPostgres, type PgServer } from '../test/support/postgres';
import { messageText, type PostedMessage } from '../test/slack/support/blocks';
import { newTriggerId, slackSignature, slashBody } from '../test/slack/support/sign';
import { SlackStandIn, type Received } from '../test/slack/support/standin';
import { ESTIMATE_MIX, numberArg } from './slack-load';

const ROOT = join(__dirname, '..');
const BOT_TOKEN = 'xoxb-0000000000-0000000000-ScaleBenchBotToken';
const SIGNING_SECRET = '0123456789abcdef0123456789abcdef';
/** Slack's limit for acknowledging a slash command. */
const ACK_LIMIT_MS = 3000;
/** How long a reply may take to reach the response_url before it counts as missing. */
const REPLY_WAIT_MS = 15_000;
/** Idle keep-alive connections are dropped after this (below Node's 5 s `keepAliveTimeout`). */
const IDLE_MS = 4000;

/** What users type besides presets, in rotation. */
const MIX = ESTIMATE_MIX;

/** A positive `--name=<number>`. */
const arg = (name: string, fallback: number): number => numberArg(name, fallback, Number.MIN_VALUE);

function pct(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}
const fmt = (ms: number): string => (Number.isNaN(ms) ? 'n/a' : ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
function summary(label: string, values: readonly number[]): string {
  const s = [...values].sort((a, b) => a - b);
  return `${label.padEnd(28)} p50 ${fmt(pct(s, 50)).padStart(7)}  p95 ${fmt(pct(s, 95)).padStart(7)}  p99 ${fmt(pct(s, 99)).padStart(7)}  max ${fmt(s.at(-1) ?? Number.NaN).padStart(7)} ms  (n=${s.length})`;
}
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released for the instance to take). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The bot instances.

interface Instance {
  readonly name: string;
  readonly port: number;
  readonly shell: ChildProcess;
  /** The node process's pid (the shell prints it). */
  nodePid: number | undefined;
  readonly stderr: string[];
  /** Resolves with the shell's exit code (the bot's, passed through `wait`). */
  readonly exited: Promise<number | null>;
}

/**
 * Starts `node --import tsx adapters/main.ts` (the image's CMD) under a `sh` that waits on its
 * stdin: closing the pipe (stop, or this process dying in any way) sends the bot SIGTERM, and
 * the shell waits for it and exits with its code. Its own process group, so a Ctrl-C here
 * reaches only this process, which then stops the instances in order.
 */
function startInstance(name: string, port: number, env: Record<string, string>, app: string, uid: number | undefined): Instance {
  const tsx = pathToFileURL(require.resolve('tsx', { paths: [app] })).href;
  const script = '"$0" "$@" & pid=$!; echo "pid $pid"; read _ignored; kill -TERM "$pid" 2>/dev/null; wait "$pid"';
  const shell = spawn('/bin/sh', ['-c', script, process.execPath, '--import', tsx, join(app, 'adapters', 'main.ts')], {
    cwd: app, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true, ...(uid === undefined ? {} : { uid, gid: uid }),
  });
  const inst: Instance = {
    name, port, shell, nodePid: undefined, stderr: [],
    exited: new Promise((resolve) => shell.once('exit', (code) => resolve(code))),
  };
  shell.stdin?.on('error', () => undefined);
  shell.stdout?.setEncoding('utf8').on('data', (d: string) => {
    const m = /pid (\d+)/.exec(d);
    if (m && inst.nodePid === undefined) inst.nodePid = Number(m[1]);
  });
  let partial = '';
  shell.stderr?.setEncoding('utf8').on('data', (d: string) => {
    const lines = (partial + d).split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines) if (l.trim() !== '') inst.stderr.push(l);
  });
  return inst;
}

/** Polls GET /readyz until it answers 200 (adapter started, preset store open). */
async function waitReady(inst: Instance, ms: number): Promise<void> {
  const until = Date.now() + ms;
  let last = 'no answer';
  let gone = false;
  void inst.exited.then(() => { gone = true; });
  while (Date.now() < until) {
    if (gone) throw new Error(`${inst.name} exited during start-up:\n${inst.stderr.slice(-10).join('\n')}`);
    const status = await new Promise<number>((resolve) => {
      const req = request({ host: '127.0.0.1', port: inst.port, path: '/readyz', agent: false, timeout: 1000 }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
      req.on('error', () => resolve(0));
      req.on('timeout', () => req.destroy());
      req.end();
    });
    if (status === 200) return;
    last = status === 0 ? 'no answer' : `HTTP ${status}`;
    await sleep(100);
  }
  throw new Error(`${inst.name} not ready within ${ms} ms (/readyz: ${last}):\n${inst.stderr.slice(-10).join('\n')}`);
}

/**
 * CPU time of a process so far, in ms, from /proc/<pid>/stat (utime + stime, fields 14 and 15,
 * in clock ticks: 100 per second on Linux); undefined where there is no /proc.
 */
function cpuMsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command name: field 3 is index 0, so utime (14) is index 11 and stime (15) index 12.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

const alive = (pid: number | undefined): boolean => {
  if (pid === undefined) return false;
  try { process.kill(pid, 0); return true; } catch { return false; }
};

/** Closes the pipe (SIGTERM to the bot), waits for the exit; SIGKILLs the group after `ms`. */
async function stopInstance(inst: Instance, ms: number): Promise<{ code: number | null; killed: boolean }> {
  inst.shell.stdin?.end();
  let killed = false;
  const late = setTimeout(() => {
    killed = true;
    try { if (inst.shell.pid !== undefined) process.kill(-inst.shell.pid, 'SIGKILL'); } catch { /* already gone */ }
  }, ms);
  const code = await inst.exited;
  clearTimeout(late);
  return { code, killed };
}

// ---------------------------------------------------------------------------------------------
// The load balancer: round-robin, keep-alive to the backends, `x-route-to: <i>` pins a request.

interface Proxy { readonly port: number; readonly served: number[]; readonly failures: Map<string, number>; close(): Promise<void> }

async function startProxy(backends: readonly number[]): Promise<Proxy> {
  // Idle pooled connections are closed after 4 s, before the instance's HTTP server closes them
  // (Node's `server.keepAliveTimeout`, 5 s by default): otherwise a request can go out on a
  // connection the server is closing at that moment and fail with ECONNRESET (a 502 here). A
  // real load balancer needs the same order: its upstream idle timeout below the bot's.
  const agent = new Agent({ keepAlive: true, maxSockets: 256, timeout: IDLE_MS });
  const served = backends.map(() => 0);
  const failures = new Map<string, number>();
  let next = 0;
  const server: Server = createServer((req, res) => {
    const pinned = Number(req.headers['x-route-to']);
    const i = Number.isInteger(pinned) && pinned >= 0 && pinned < backends.length ? pinned : (next++) % backends.length;
    const headers = { ...req.headers };
    delete headers['x-route-to'];
    served[i] = (served[i] ?? 0) + 1;
    const up = request({ host: '127.0.0.1', port: backends[i], method: req.method, path: req.url, headers, agent }, (r: IncomingMessage) => {
      res.writeHead(r.statusCode ?? 502, { ...r.headers, 'x-served-by': String(i) });
      r.pipe(res);
    });
    up.on('error', (err: NodeJS.ErrnoException) => {
      const k = `backend ${i}: ${err.code ?? err.message}`;
      failures.set(k, (failures.get(k) ?? 0) + 1);
      if (!res.headersSent) res.writeHead(502, { 'x-served-by': String(i) });
      res.end();
    });
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    served,
    failures,
    close: () => new Promise<void>((resolve) => { agent.destroy(); server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

// ---------------------------------------------------------------------------------------------
// The load.

type Kind = 'estimate' | 'save' | 'show';

interface Outcome {
  readonly status: number;
  readonly ackMs: number;
  readonly servedBy: number | undefined;
}

async function main(): Promise<void> {
  const rate = arg('rate', 50);
  const seconds = arg('seconds', 20);
  const charts = process.argv.includes('--charts');
  // `--app=<dir>`: run the instances from another copy (e.g. the files the image's runtime stage
  // holds, installed with `npm ci --omit=dev`); `--uid=<n>`: as that user, as the image's USER.
  const app = process.argv.find((a) => a.startsWith('--app='))?.slice('--app='.length) ?? ROOT;
  const uidArg = process.argv.find((a) => a.startsWith('--uid='));
  const uid = uidArg ? Number(uidArg.slice('--uid='.length)) : undefined;
  const total = Math.round(rate * seconds);
  const intervalMs = 1000 / rate;
  // Users spread so that none passes the per-user limit (10 requests a minute): at most 5 each.
  const users = Math.max(50, Math.ceil((total * 60) / Math.max(seconds, 60) / 5));
  const run = Date.now().toString(36);

  const errors = new Map<string, number>();
  const fail = (kind: string): void => { errors.set(kind, (errors.get(kind) ?? 0) + 1); };

  let pg: PgServer | undefined;
  let standin: SlackStandIn | undefined;
  let proxy: Proxy | undefined;
  const instances: Instance[] = [];
  const work = mkdtempSync(join(tmpdir(), 'vram-scale-'));
  let interrupted = false;
  // Ctrl-C reaches this process (and the PostgreSQL server, which then shuts down at once); the
  // instances are in their own process group and are stopped below, in order.
  const onSignal = (): void => {
    if (!interrupted) process.stdout.write('\ninterrupted: stopping cleanly\n');
    interrupted = true;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    pg = await startPostgres();
    const databaseUrl = await pg.freshDatabase();
    standin = await SlackStandIn.start();
    // An empty file for dotenv: the instances get exactly this environment, not a local .env.
    const dotenv = join(work, 'empty.env');
    writeFileSync(dotenv, '');
    const ports = [await freePort(), await freePort()];
    // Each instance's DATA_DIR (unused with PostgreSQL but created, as the image's volume is), owned by `--uid`.
    const dataDir = (i: number): string => {
      const d = join(work, `data-${i}`);
      mkdirSync(d);
      if (uid !== undefined) chownSync(d, uid, uid);
      return d;
    };
    if (uid !== undefined) chmodSync(work, 0o755);
    ports.forEach((port, i) => {
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: work,
        DOTENV_CONFIG_PATH: dotenv,
        DOTENV_CONFIG_QUIET: 'true',
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: (standin as SlackStandIn).apiUrl,
        SLACK_CHARTS: charts ? 'true' : 'false',
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        DATA_DIR: dataDir(i),
        LOG_LEVEL: 'warn',
      };
      instances.push(startInstance(`instance ${'AB'[i]}`, port, env, app, uid));
    });
    const t0 = performance.now();
    await Promise.all(instances.map((inst) => waitReady(inst, 60_000)));
    const startupS = (performance.now() - t0) / 1000;
    proxy = await startProxy(ports);
    const lb = proxy.port;

    // Replies at the response_urls, by id.
    const replies = new Map<string, Received>();
    const waiting = new Map<string, (r: Received) => void>();
    const sentAt = new Map<string, number>();
    const replyMs: number[] = [];
    standin.onResponse = (id, r) => {
      if (replies.has(id)) { fail('reply posted twice'); return; }
      replies.set(id, r);
      const t = sentAt.get(id);
      if (t !== undefined) replyMs.push(r.at - t);
      waiting.get(id)?.(r);
      waiting.delete(id);
    };
    const replyOf = (id: string): Promise<Received | undefined> => {
      const have = replies.get(id);
      if (have) return Promise.resolve(have);
      return new Promise((resolve) => {
        const timer = setTimeout(() => { waiting.delete(id); resolve(undefined); }, REPLY_WAIT_MS);
        waiting.set(id, (r) => { clearTimeout(timer); resolve(r); });
      });
    };

    // The same rule between this client and the proxy's server (also Node's 5 s default).
    const client = new Agent({ keepAlive: true, maxSockets: 256, timeout: IDLE_MS });
    /** Bodies sent, by id (a retry sends the same body again). */
    const bodies = new Map<string, string>();
    /**
     * POSTs one signed `/vram <text>` through the proxy (pinned to `routeTo` if given); with
     * `retryOf`, the body sent for that id again, signed afresh with `X-Slack-Retry-Num: 1`, as
     * Slack retries a request it thinks was not acknowledged.
     */
    const post = (id: string, text: string, user: string, team: string, routeTo?: number, retryOf?: string): Promise<Outcome> => {
      const body = (retryOf ? bodies.get(retryOf) : undefined)
        ?? slashBody({ text, response_url: standin?.responseUrl(id) ?? '', user_id: user, team_id: team, trigger_id: newTriggerId() });
      if (!retryOf) bodies.set(id, body);
      const ts = Math.floor(Date.now() / 1000);
      const headers: Record<string, string | number> = {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': Buffer.byteLength(body),
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': slackSignature(SIGNING_SECRET, ts, body),
        ...(routeTo === undefined ? {} : { 'x-route-to': String(routeTo) }),
        ...(retryOf ? { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } : {}),
      };
      return new Promise((resolve) => {
        const t = performance.now();
        if (!retryOf) sentAt.set(id, t);
        const req = request({ host: '127.0.0.1', port: lb, path: '/slack/events', method: 'POST', agent: client, headers, timeout: 10_000 }, (res) => {
          res.resume();
          res.on('end', () => {
            const by = Number(res.headers['x-served-by']);
            resolve({ status: res.statusCode ?? 0, ackMs: performance.now() - t, servedBy: Number.isInteger(by) ? by : undefined });
          });
        });
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.on('error', (err: NodeJS.ErrnoException) => {
          fail(`request ${err.code ?? err.message}`);
          resolve({ status: 0, ackMs: performance.now() - t, servedBy: undefined });
        });
        req.end(body);
      });
    };

    const ackMs: number[] = [];
    const byKind = new Map<Kind, number>();
    const readBack = { checked: 0, failed: 0, crossInstance: 0 };
    const retries = { sent: 0, acked: 0 };
    /** Save slot k's outcome, for the show five slots later. */
    const saves = new Map<number, Promise<{ servedBy: number | undefined; canonical: string | undefined; team: string; name: string }>>();
    const canonicalIn = (m: PostedMessage): string | undefined => /`(model:[^`]+)`/.exec(messageText(m))?.[1];

    /** Checks an ack and the reply's shape; returns the reply. */
    const settle = async (id: string, kind: Kind, o: Outcome): Promise<PostedMessage | undefined> => {
      if (o.status !== 0) ackMs.push(o.ackMs);
      if (o.status !== 0 && o.status !== 200) { fail(`HTTP ${o.status}`); return undefined; }
      if (o.status === 0) return undefined;
      if (o.ackMs > ACK_LIMIT_MS) fail('ack over 3 s');
      const r = await replyOf(id);
      if (!r) { fail(`${kind}: no reply within ${REPLY_WAIT_MS / 1000} s`); return undefined; }
      return r.body as PostedMessage;
    };

    const slot = async (i: number): Promise<void> => {
      const id = `s${i}`;
      const user = `US${run}${i % users}`;
      const block = Math.floor(i / 10);
      // One team per 100 saves keeps under the team preset limit (200, src/store/presets.ts).
      const team = `TS${run}${Math.floor(block / 100)}`;
      const kind: Kind = i % 10 === 0 ? 'save' : i % 10 === 5 ? 'show' : 'estimate';
      byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
      if (kind === 'save') {
        const name = `scale-${block}`;
        const text = `preset save name:${name} model:llama-3.1-8b lora:true batch:${1 + (block % 8)} seq:${512 * (1 + (block % 4))}`;
        const done = (async () => {
          const o = await post(id, text, user, team);
          const m = await settle(id, kind, o);
          const canonical = m ? canonicalIn(m) : undefined;
          if (m && (!/Saved team preset/.test(messageText(m)) || canonical === undefined)) fail('save: unexpected reply');
          return { servedBy: o.servedBy, canonical, team, name };
        })();
        saves.set(block, done);
        await done;
        return;
      }
      if (kind === 'show') {
        const saved = await saves.get(block);
        if (!saved || saved.canonical === undefined || saved.servedBy === undefined) { fail('show: its save failed'); return; }
        const other = 1 - saved.servedBy;
        const o = await post(id, `preset show name:${saved.name}`, user, saved.team, other);
        const m = await settle(id, kind, o);
        readBack.checked += 1;
        if (o.servedBy === other && o.servedBy !== saved.servedBy) readBack.crossInstance += 1;
        if (!m || !messageText(m).includes(saved.canonical) || o.servedBy === saved.servedBy) {
          readBack.failed += 1;
          fail('read-back mismatch');
        }
        return;
      }
      const text = MIX[i % MIX.length] ?? 'gpus';
      const o = await post(id, text, user, team);
      const m = await settle(id, kind, o);
      // Every estimate in the mix is valid: it is answered in the channel (errors are private).
      if (m && text.startsWith('model:') && m.response_type !== 'in_channel') fail('estimate: unexpected reply');
      // One in ten: Slack's retry of this request, delivered to the other instance once the
      // original was answered. It must be acked and run nothing (a second reply to the same
      // response_url is counted as "reply posted twice").
      if (i % 10 === 7 && m && o.servedBy !== undefined) {
        const r = await post(`${id}`, text, user, team, 1 - o.servedBy, id);
        retries.sent += 1;
        if (r.status === 200) retries.acked += 1;
        else fail(`retry: HTTP ${r.status}`);
        if (r.servedBy !== 1 - o.servedBy) fail('retry: not routed to the other instance');
      }
    };

    // Warm-up (JIT, connections, the schema on first use): 20 requests, not measured.
    await Promise.all(Array.from({ length: 20 }, (_, i) => post(`w${i}`, MIX[i % MIX.length] ?? 'gpus', `UW${i}`, 'TWARM').then((o) => replyOf(`w${i}`).then(() => o))));
    replyMs.splice(0);

    const cpu0 = instances.map((inst) => cpuMsOf(inst.nodePid));
    const served0 = [...proxy.served];
    const self0 = process.cpuUsage();
    const inflight: Promise<void>[] = [];
    const start = performance.now();
    let sent = 0;
    await new Promise<void>((done) => {
      const tick = (): void => {
        const due = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
        while (sent < due && !interrupted) {
          inflight.push(slot(sent));
          sent += 1;
        }
        if (sent >= total || interrupted) done();
        else setTimeout(tick, Math.max(0, start + sent * intervalMs - performance.now()));
      };
      tick();
    });
    const sendS = (performance.now() - start) / 1000;
    await Promise.all(inflight);
    const allS = (performance.now() - start) / 1000;
    const cpu1 = instances.map((inst) => cpuMsOf(inst.nodePid));
    const self = process.cpuUsage(self0);
    // A retry that ran anyway would post its reply after the original's: give it time to show.
    await sleep(1000);
    client.destroy();

    const count = (k: Kind): number => byKind.get(k) ?? 0;
    const load = loadavg().map((x) => x.toFixed(2)).join(' ');
    const out = [
      `vram-bot scale bench: 2 instances (node --import tsx adapters/main.ts, Slack HTTP mode${app === ROOT ? '' : `, from ${app}`}${uid === undefined ? '' : `, as uid ${uid}`}) behind a round-robin proxy, one PostgreSQL`,
      `machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), node ${process.version}, load average ${load}; charts ${charts ? 'on' : 'off'}; instances ready in ${startupS.toFixed(1)} s`,
      `offered: ${rate} req/s for ${seconds} s = ${total} requests (${count('estimate')} estimates and listings, ${count('save')} preset save, ${count('show')} preset show)`,
      `achieved: ${sent} sent in ${sendS.toFixed(2)} s = ${(sent / sendS).toFixed(1)} req/s; all answered after ${allS.toFixed(2)} s`,
      summary('ack (HTTP 200), via proxy', ackMs),
      summary('reply at response_url', replyMs),
      `CPU during the run: ${instances.map((inst, i) => {
        const a = cpu0[i];
        const b = cpu1[i];
        return `${inst.name} ${a === undefined || b === undefined ? 'n/a' : `${((b - a) / 1000).toFixed(1)} s (${((b - a) / Math.max(1, (proxy?.served[i] ?? 1) - (served0[i] ?? 0))).toFixed(2)} ms per request)`}`;
      }).join(', ')}; load generator, proxy and stand-in ${((self.user + self.system) / 1e6).toFixed(1)} s`,
      ...(charts ? [`charts: ${standin.uploads.length} PNGs uploaded, ${standin.callsTo('files.completeUploadExternal').length} shared in channels`] : []),
      `acks over ${ACK_LIMIT_MS / 1000} s: ${errors.get('ack over 3 s') ?? 0}`,
      `served: ${instances.map((inst, i) => `${inst.name} ${proxy?.served[i] ?? 0}`).join(', ')} (warm-up included)`,
      `Slack retries delivered to the other instance: ${retries.sent}, acked ${retries.acked}, ran again ${errors.get('reply posted twice') ?? 0}`,
      `read-back: ${readBack.checked} presets saved through one instance were read through the other: ${readBack.checked - readBack.failed} matched, ${readBack.failed} failed`,
      `errors: ${errors.size === 0 && (proxy?.failures.size ?? 0) === 0 ? 'none' : [...errors, ...(proxy?.failures ?? [])].map(([k, n]) => `${k}: ${n}`).join(', ')}`,
    ];
    process.stdout.write(`${out.join('\n')}\n`);
    // Figures, not a test; but a preset that did not cross instances, or a retry that ran twice, is a broken deployment.
    if (readBack.failed > 0 || readBack.checked === 0 || (errors.get('reply posted twice') ?? 0) > 0) process.exitCode = 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    const stops = await Promise.all(instances.map((inst) => stopInstance(inst, 30_000)));
    const lines = instances.map((inst, i) => {
      const s = stops[i];
      const warnings = inst.stderr.length;
      return `${inst.name}: exit ${s?.code ?? '?'}${s?.killed ? ' (killed after 30 s)' : ''}; bot process ${alive(inst.nodePid) ? 'STILL RUNNING' : 'gone'}; ${warnings} warn/error log lines`;
    });
    await proxy?.close();
    await standin?.close();
    await pg?.destroy();
    rmSync(work, { recursive: true, force: true });
    process.stdout.write(`stopped: ${lines.join('; ')}; proxy, stand-in and PostgreSQL closed\n`);
    if (stops.some((s) => s.code !== 0) || instances.some((inst) => alive(inst.nodePid))) process.exitCode = 1;
    for (const inst of instances) for (const l of inst.stderr.slice(0, 5)) process.stdout.write(`  ${inst.name} log: ${l.slice(0, 300)}\n`);
  }
}

main().then(() => undefined, (err: unknown) => {
  process.stderr.write(`bench:scale failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 1;
});
