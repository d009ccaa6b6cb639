/**
 * Slack adapter bench (`npm run bench:slack`): the real Bolt app in HTTP mode on loopback, in a
 * child process of its own, driven by validly signed `/vram` slash commands at a fixed rate
 * (open loop: a request goes out when it is due, whether or not earlier ones were answered).
 * The parent holds the load generator and the Web API / response_url stand-in. Prints the rate
 * achieved, the HTTP ack latency, the time until the reply reaches the response_url, and the
 * adapter process's CPU time per request. Prints figures; asserts nothing.
 *
 * The traffic mixes in what the request gate must stop (`adapters/slack/guard.ts`): exact
 * replays of an earlier request (same body, timestamp and signature), Slack retries of one
 * (re-signed now, `X-Slack-Retry-Num: 1`), and correctly signed requests dated an hour ahead;
 * it prints how many requests ran (a reply reached the response_url) against how many were
 * dropped (200, nothing ran) or refused (401).
 *
 * Options: `--rate=200` (requests/s), `--seconds=10`, `--replays=10` `--retries=5`
 * `--future=2` (percent of requests).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { createHandler } from '../commands/handler';
import { createSlackApp } from '../adapters/slack';
import { newTriggerId, slackSignature, slashBody } from '../test/slack/support/sign';
import { SlackStandIn } from '../test/slack/support/standin';
import { ESTIMATE_MIX, numberArg } from './slack-load';

const BOT_TOKEN = 'xoxb-0000000000-0000000000-BenchBotToken';
const SIGNING_SECRET = '0123456789abcdef0123456789abcdef';

/** What users type, in rotation: mostly estimates (the expensive path), some listings and errors. */
const MIX = [...ESTIMATE_MIX, 'models qwen', 'model:llama-3.1-8b optimizer:adam9'];

/** A `--name=<number>` of 0 or more. */
const arg = (name: string, fallback: number): number => numberArg(name, fallback, 0);

/** What one request of the mix is. */
type Kind = 'fresh' | 'replay' | 'retry' | 'future';

/** A fixed-seed generator (mulberry32), so every run sends the same mix. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A request as sent: enough to send it again exactly, or re-signed as Slack's retry. */
interface Sent {
  readonly id: string;
  readonly body: string;
  readonly ts: number;
  readonly signature: string;
}

function pct(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

const fmt = (ms: number): string => (Number.isNaN(ms) ? 'n/a' : ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

function summary(label: string, values: number[]): string {
  const s = [...values].sort((a, b) => a - b);
  return `${label.padEnd(30)} p50 ${fmt(pct(s, 50)).padStart(7)}  p99 ${fmt(pct(s, 99)).padStart(7)}  max ${fmt(s.at(-1) ?? Number.NaN).padStart(7)}  (n=${s.length})`;
}

/** Messages between the bench and the adapter process. */
type FromServer = { type: 'ready'; port: number } | { type: 'stopped'; cpuMs: number; logs: string[] };
type ToServer = { type: 'measure' } | { type: 'stop' };

/** Child process: the adapter alone, pointed at the parent's stand-in. */
async function serve(apiUrl: string): Promise<void> {
  const logs: string[] = [];
  const log = (m: string): void => { logs.push(m); };
  // Charts off: the bench measures the command path (the ack and the text reply); chart uploads
  // run in a worker behind a rate budget and are measured separately with `--charts`.
  const charts = process.argv.includes('--charts');
  const adapter = createSlackApp({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl, port: 0, host: '127.0.0.1', logLevel: 'warn', charts },
    { core: createHandler({ log }), log });
  const { port } = await adapter.start();
  if (port === undefined) throw new Error('the adapter did not report its HTTP port');
  const send = (m: FromServer): void => { process.send?.(m); };
  let cpu0 = process.cpuUsage();
  process.on('message', (m: ToServer) => {
    if (m.type === 'measure') cpu0 = process.cpuUsage();
    if (m.type === 'stop') {
      const cpu = process.cpuUsage(cpu0);
      void adapter.stop().then(() => {
        send({ type: 'stopped', cpuMs: (cpu.user + cpu.system) / 1000, logs });
        process.disconnect();
      });
    }
  });
  send({ type: 'ready', port });
}

function next<T extends FromServer['type']>(child: ChildProcess, type: T): Promise<Extract<FromServer, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: FromServer): void => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      resolve(m as Extract<FromServer, { type: T }>);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`adapter process exited (${code}) before '${type}'`)));
  });
}

async function main(): Promise<void> {
  const rate = arg('rate', 200) || 200;
  const seconds = arg('seconds', 10) || 10;
  const total = Math.round(rate * seconds);
  const intervalMs = 1000 / rate;
  const share = { replay: arg('replays', 10) / 100, retry: arg('retries', 5) / 100, future: arg('future', 2) / 100 };
  const random = seeded(42);
  const kinds: Kind[] = Array.from({ length: total }, (_, i) => {
    if (i < 20) return 'fresh';
    const x = random();
    return x < share.replay ? 'replay' : x < share.replay + share.retry ? 'retry' : x < share.replay + share.retry + share.future ? 'future' : 'fresh';
  });

  const standin = await SlackStandIn.start();
  const child = fork(__filename, ['--serve', standin.apiUrl, ...(process.argv.includes('--charts') ? ['--charts'] : [])], { stdio: 'inherit' });
  const { port } = await next(child, 'ready');
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });

  const sentAt = new Map<string, number>();
  const ackMs: number[] = [];
  const replyMs: number[] = [];
  const statuses = new Map<number, number>();
  /** HTTP status by kind of request (measured ones). */
  const byKind = new Map<Kind, Map<number, number>>();
  /** Posts per response_url id: more than one means a request ran twice. */
  const posts = new Map<string, number>();
  let errors = 0;
  standin.onResponse = (id, r) => {
    const n = (posts.get(id) ?? 0) + 1;
    posts.set(id, n);
    const t0 = sentAt.get(id);
    if (t0 !== undefined && n === 1) replyMs.push(r.at - t0);
  };
  const fresh: Sent[] = [];

  /** POSTs one request; a replay or a retry re-sends an earlier fresh one (of the last 200). */
  const fire = (i: number, id: string, measured: boolean, kind: Kind = 'fresh'): Promise<void> => {
    const now = Math.floor(Date.now() / 1000);
    const earlier = fresh.length > 0 ? fresh[Math.max(0, fresh.length - 1 - Math.floor(random() * Math.min(200, fresh.length)))] : undefined;
    let sent: Sent;
    const extra: Record<string, string> = {};
    if ((kind === 'replay' || kind === 'retry') && earlier) {
      if (kind === 'replay') sent = earlier;
      else {
        sent = { ...earlier, ts: now, signature: slackSignature(SIGNING_SECRET, now, earlier.body) };
        extra['x-slack-retry-num'] = '1';
        extra['x-slack-retry-reason'] = 'http_timeout';
      }
    } else {
      const body = slashBody({ text: MIX[i % MIX.length] ?? 'gpus', response_url: standin.responseUrl(id), user_id: `UB${id}`, trigger_id: newTriggerId() });
      const ts = kind === 'future' ? now + 3600 : now;
      sent = { id, body, ts, signature: slackSignature(SIGNING_SECRET, ts, body) };
      if (kind === 'fresh') fresh.push(sent);
    }
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': Buffer.byteLength(sent.body),
      'x-slack-request-timestamp': String(sent.ts),
      'x-slack-signature': sent.signature,
      ...extra,
    };
    return new Promise((resolve) => {
      const t0 = performance.now();
      if (measured && kind === 'fresh') sentAt.set(id, t0);
      const req = request({ host: '127.0.0.1', port, path: '/slack/events', method: 'POST', agent, headers }, (res) => {
        res.resume();
        res.on('end', () => {
          if (measured) {
            const code = res.statusCode ?? 0;
            if (kind === 'fresh') ackMs.push(performance.now() - t0);
            statuses.set(code, (statuses.get(code) ?? 0) + 1);
            const k = byKind.get(kind) ?? new Map<number, number>();
            k.set(code, (k.get(code) ?? 0) + 1);
            byKind.set(kind, k);
          }
          resolve();
        });
      });
      req.on('error', () => { errors += 1; resolve(); });
      req.end(sent.body);
    });
  };

  // Warm-up (JIT, sockets), not measured.
  for (let i = 0; i < 100; i += 1) await fire(i, `w${i}`, false);
  const warmDeadline = Date.now() + 5000;
  while (standin.responses.size < 100 && Date.now() < warmDeadline) await new Promise((r) => setTimeout(r, 10));
  // Replays and retries pick among measured requests only.
  fresh.splice(0);
  child.send({ type: 'measure' } satisfies ToServer);

  const inflight: Promise<void>[] = [];
  const start = performance.now();
  let sent = 0;
  await new Promise<void>((done) => {
    const tick = (): void => {
      const due = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
      while (sent < due) {
        inflight.push(fire(sent, `b${sent}`, true, kinds[sent] ?? 'fresh'));
        sent += 1;
      }
      if (sent >= total) done();
      else setTimeout(tick, Math.max(0, start + sent * intervalMs - performance.now()));
    };
    tick();
  });
  await Promise.all(inflight);
  const elapsedS = (performance.now() - start) / 1000;
  const freshCount = kinds.filter((k) => k === 'fresh').length;
  const deadline = Date.now() + 10_000;
  while (replyMs.length < freshCount && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  // Late duplicates would post after the originals: give them a moment to show up.
  await new Promise((r) => setTimeout(r, 500));

  child.send({ type: 'stop' } satisfies ToServer);
  const { cpuMs, logs } = await next(child, 'stopped');
  agent.destroy();
  await standin.close();

  const ok = statuses.get(200) ?? 0;
  const codes = [...statuses].map(([c, n]) => `${c}: ${n}`).join(', ') || 'none';
  const load = loadavg().map((x) => x.toFixed(2)).join(' ');
  const count = (k: Kind): number => kinds.filter((x) => x === k).length;
  const status = (k: Kind, code: number): number => byKind.get(k)?.get(code) ?? 0;
  const measuredIds = new Set(fresh.map((f) => f.id).filter((id) => id.startsWith('b')));
  let ran = 0;
  let twice = 0;
  let futureRan = 0;
  for (const [id, n] of posts) {
    if (!id.startsWith('b')) continue;
    if (measuredIds.has(id)) {
      ran += 1;
      twice += n - 1;
    } else {
      futureRan += n;
    }
  }
  const duplicates = count('replay') + count('retry');
  const dropped = status('replay', 200) + status('retry', 200) - twice;
  console.log('Slack adapter bench: HTTP mode, Bolt on loopback (adapter in its own process; load generator and stand-ins in this one)');
  console.log(`  node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), load average ${load}`);
  console.log(`  target ${rate} req/s for ${seconds} s = ${total} signed /vram requests (${MIX.length}-command mix, one user per request)`);
  console.log(`  mix: ${count('fresh')} fresh, ${count('replay')} exact replays, ${count('retry')} Slack retries (X-Slack-Retry-Num), ${count('future')} dated 1 h ahead`);
  console.log(`  sent ${sent}, HTTP statuses {${codes}}, transport errors ${errors}, replies at response_url ${replyMs.length}/${freshCount}`);
  console.log(`  ran ${ran} (a reply at the response_url; ${freshCount} fresh requests), of which ran twice ${twice}; future-dated that ran ${futureRan}`);
  console.log(`  dropped (200, nothing ran) ${dropped} of ${duplicates} replays and retries (answered 200: replays ${status('replay', 200)}/${count('replay')}, retries ${status('retry', 200)}/${count('retry')})`);
  console.log(`  refused ${status('future', 401)} of ${count('future')} future-dated (401)`);
  console.log(`  achieved ${(ok / elapsedS).toFixed(1)} acked req/s over ${elapsedS.toFixed(2)} s`);
  console.log(`  ${summary('HTTP ack latency (ms), fresh', ackMs)}`);
  console.log(`  ${summary('reply at response_url (ms)', replyMs)}`);
  console.log(`  adapter CPU: ${(cpuMs / total).toFixed(2)} ms per request (${(cpuMs / 1000 / elapsedS * 100).toFixed(0)}% of one core)`);
  const unexpected = logs.filter((l) => !l.startsWith('slack: listening'));
  if (unexpected.length > 0) {
    const kindsOfLine = new Map<string, number>();
    for (const l of unexpected) {
      const head = l.replace(/\d+/g, 'N').slice(0, 70);
      kindsOfLine.set(head, (kindsOfLine.get(head) ?? 0) + 1);
    }
    console.log(`  adapter log lines: ${unexpected.length}`);
    for (const [head, n] of [...kindsOfLine].sort((a, b) => b[1] - a[1]).slice(0, 4)) console.log(`    ${String(n).padStart(5)}  ${head}…`);
  }
}

const serveAt = process.argv.indexOf('--serve');
(serveAt >= 0 ? serve(process.argv[serveAt + 1] ?? '') : main()).catch((err: unknown) => {
  console.error('bench failed:', err);
  process.exitCode = 1;
});
