/**
 * Discord adapter bench (`npm run bench:discord`): the real discord.js client, in a child
 * process of its own, logged in to the local stand-in (REST + gateway on loopback, Discord's
 * 3-second first-response deadline enforced). The parent holds the stand-in and sends bursts of
 * concurrent `/vram` estimates with charts (50, 100, 200 at once by default), each from a
 * different member (the per-person rate limit would refuse a burst from one person; it is shown
 * separately at the end). For each burst it prints how many were acknowledged inside 3 s, the
 * first response's p50/p99 (as the stand-in received it), and the final answer's p50/p99 (the
 * reply, or the edit after a deferral), and how many final answers carried their chart. Prints
 * figures; asserts nothing.
 *
 * Options: `--bursts=50,100,200`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { createHandler } from '../commands/handler';
import { deployCommands } from '../adapters/discord/deploy';
import { startDiscordBot } from '../adapters/discord/client';
import { DiscordStandin, type InteractionRecord, type SeenMessage } from '../test/discord/standin';
import { member, type OptionInput } from '../test/discord/standin-payloads';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.bench-bot-token-not-a-real-secret';
const APP_ID = '123456789012345678';
const GUILD_ID = '987654321098765432';

/** Estimates with charts, in rotation (different charts, not one cached answer). */
const MIX: readonly OptionInput[] = [
  { model: 'llama-3.1-8b', lora: true, gpu: 'rtx4090' },
  { model: 'qwen-2.5-7b', lora: true, gpu: 'h100' },
  { model: 'llama-3.1-8b', batch: 4, gpu: 'a100-80gb' },
  { model: 'qwen-2.5-0.5b', lora: true, gpu: 'rtx4090' },
  { model: 'llama-3.1-8b', batch: 2, lora: true },
];

function bursts(): number[] {
  const hit = process.argv.find((a) => a.startsWith('--bursts='));
  const list = (hit?.split('=')[1] ?? '50,100,200').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
  return list.length > 0 ? list : [50, 100, 200];
}

function pct(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

const fmt = (ms: number): string => (Number.isNaN(ms) ? 'n/a' : ms.toFixed(0));

type FromBot = { type: 'ready' } | { type: 'stopped'; cpuMs: number; logs: string[] };
type ToBot = { type: 'stop' };

/** Child process: the bot alone, pointed at the parent's stand-in. */
async function serve(apiUrl: string): Promise<void> {
  const logs: string[] = [];
  const log = (m: string): void => { logs.push(m); };
  const bot = await startDiscordBot({ token: TOKEN, applicationId: APP_ID, apiUrl }, { core: createHandler({ log }), log });
  const cpu0 = process.cpuUsage();
  const send = (m: FromBot): void => { process.send?.(m); };
  process.on('message', (m: ToBot) => {
    if (m.type !== 'stop') return;
    const cpu = process.cpuUsage(cpu0);
    void bot.stop().then(() => {
      send({ type: 'stopped', cpuMs: (cpu.user + cpu.system) / 1000, logs });
      process.disconnect();
    });
  });
  send({ type: 'ready' });
}

function next<T extends FromBot['type']>(child: ChildProcess, type: T): Promise<Extract<FromBot, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: FromBot): void => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      resolve(m as Extract<FromBot, { type: T }>);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`bot process exited (${code}) before '${type}'`)));
  });
}

interface BurstResult {
  readonly n: number;
  readonly inTime: number;
  readonly deferred: number;
  readonly first: number[];
  readonly final: number[];
  readonly answered: number;
  readonly withChart: number;
  /** Answers that were the per-person rate limit's refusal. */
  readonly refused: number;
  readonly violations: number;
}

let userSeq = 0n;
/** A member nobody has used yet (so no burst meets the per-person rate limit). */
const freshMember = (): ReturnType<typeof member> => {
  userSeq += 1n;
  return member(String(400000000000000000n + userSeq), `bench${userSeq}`);
};

async function burst(standin: DiscordStandin, n: number, who: () => ReturnType<typeof member> = freshMember): Promise<BurstResult> {
  const before = standin.violations.length;
  const runs = Array.from({ length: n }, (_, i) => {
    const run = standin.runCommand('vram', MIX[i % MIX.length] ?? {}, { member: who(), timeoutMs: 60_000 });
    const done = run.seen.then((m): { m: SeenMessage; at: number } => ({ m, at: Date.now() }));
    return { record: run.record, done };
  });
  const settled = await Promise.allSettled(runs.map((r) => r.done));
  const first: number[] = [];
  const final: number[] = [];
  let inTime = 0;
  let deferred = 0;
  let withChart = 0;
  let refused = 0;
  runs.forEach((r, k) => {
    const cb = (r.record as InteractionRecord).callbacks[0];
    if (cb) {
      first.push(cb.afterMs);
      if (cb.afterMs < 3000) inTime += 1;
      if (cb.type === 5) deferred += 1;
    }
    const s = settled[k];
    if (s?.status === 'fulfilled') {
      final.push(s.value.at - r.record.dispatchedAt);
      if (s.value.m.files.some((f) => f.filename === 'vram-chart.png')) withChart += 1;
      if ((s.value.m.embeds[0] as { title?: unknown } | undefined)?.title === 'Slow down a little') refused += 1;
    }
  });
  return { n, inTime, deferred, first: first.sort((a, b) => a - b), final: final.sort((a, b) => a - b), answered: final.length, withChart, refused, violations: standin.violations.length - before };
}

async function main(): Promise<void> {
  const standin = await DiscordStandin.start({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_ID });
  await deployCommands({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_ID, apiUrl: standin.apiUrl });
  const child = fork(__filename, ['--serve', standin.apiUrl], { stdio: 'inherit' });
  await next(child, 'ready');
  for (let i = 0; i < 50 && !standin.gateway.connected; i++) await new Promise((r) => setTimeout(r, 20));

  // Warm-up (JIT, the chart threads, sockets), not measured.
  for (let i = 0; i < 6; i++) await standin.runCommand('vram', MIX[i % MIX.length] ?? {}, { member: freshMember(), timeoutMs: 30_000 }).seen;

  const results: BurstResult[] = [];
  for (const n of bursts()) {
    results.push(await burst(standin, n));
    await new Promise((r) => setTimeout(r, 500));
  }
  // One person sends 15 at once: 10 answered, the rest refused politely (each still answered inside 3 s).
  const one = freshMember();
  const limited = await burst(standin, 15, () => one);
  const refusals = standin.violations.length;

  child.send({ type: 'stop' } satisfies ToBot);
  const { cpuMs, logs } = await next(child, 'stopped');
  await standin.close();

  const load = loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log('Discord adapter bench: discord.js client (own process) against the local REST + gateway stand-in, 3 s first-response deadline enforced');
  console.log(`  node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), load average ${load}`);
  console.log('  burst  answered<3s  deferred  first p50/p99 (ms)  final p50/p99 (ms)  final answers  with chart  violations');
  for (const r of results) {
    console.log(`  ${String(r.n).padStart(5)}  ${`${r.inTime}/${r.n}`.padStart(11)}  ${String(r.deferred).padStart(8)}  ${`${fmt(pct(r.first, 50))} / ${fmt(pct(r.first, 99))}`.padStart(18)}  ${`${fmt(pct(r.final, 50))} / ${fmt(pct(r.final, 99))}`.padStart(18)}  ${`${r.answered}/${r.n}`.padStart(13)}  ${String(r.withChart).padStart(10)}  ${String(r.violations).padStart(10)}`);
  }
  console.log(`  rate limit: 15 at once from one member -> ${limited.inTime}/15 answered inside 3 s, ${limited.withChart} estimates with chart, ${limited.refused} polite private refusals ("Slow down a little")`);
  const total = results.reduce((a, r) => a + r.n, 0) + 6 + 15;
  console.log(`  bot process CPU: ${(cpuMs / total).toFixed(1)} ms per interaction (main thread and chart worker threads together)`);
  const unexpected = logs.filter((l) => !l.startsWith('discord: logged in') && !l.startsWith('discord: rate limited'));
  if (unexpected.length > 0 || refusals > 0) console.log(`  bot log lines: ${unexpected.length}${unexpected[0] ? `, e.g. ${unexpected[0]}` : ''}; stand-in violations: ${refusals}`);
}

const serveAt = process.argv.indexOf('--serve');
(serveAt >= 0 ? serve(process.argv[serveAt + 1] ?? '') : main()).catch((err: unknown) => {
  console.error('bench failed:', err);
  process.exitCode = 1;
});
