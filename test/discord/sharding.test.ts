/**
 * Sharding end to end: discord.js's own `ShardingManager` forks the real shard entry
 * (`adapters/discord/shard.ts`, TypeScript through tsx's loader) once per shard; each shard logs in
 * to the stand-in over loopback with its `shard: [id, count]`, and the stand-in routes each
 * guild's events only to the shard that owns it (`(guild_id >> 22) % num_shards`).
 *
 * Which process answered an interaction is read from the shards' own metrics, gathered by the
 * manager over IPC: `vram_bot_commands_total` carries the `shard` label of the process that
 * counted it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { buildCommands } from '../../adapters/discord/commands';
import { deployCommands } from '../../adapters/discord/deploy';
import {
  DEFAULT_RESPAWN_BACKOFF, SHARD_EXEC_ARGV, planShards, respawnDelayMs, spawnDelayMs, startShardManager, type RunningShards,
} from '../../adapters/discord/sharding';
import { shardOfEnv } from '../../adapters/discord/shard';
import { parseEnv } from '../../adapters/env';
import type { LogFields } from '../../adapters/types';
import { APP_ID, GUILD_ID, TOKEN, seenText } from './harness';
import { DiscordStandin } from './standin';
import { shardOf } from './standin-payloads';

jest.setTimeout(90_000);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const until = async (what: string, cond: () => boolean, ms = 30_000): Promise<void> => {
  for (const t0 = Date.now(); !cond(); await sleep(25)) if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
};
/** Whether a process id is still a live process (signal 0 checks without sending). */
const alive = (pid: number): boolean => {
  try { process.kill(pid, 0); return true; } catch (err) { return (err as NodeJS.ErrnoException).code === 'EPERM'; }
};

// GUILD_ID is 987654321098765432: (987654321098765432 >> 22) = 235474246745 (odd), so shard 1 of 2.
// Adding 1 << 22 (4194304) to a snowflake adds one to `guild_id >> 22`: shard 0 of 2.
const GUILD_SHARD1 = GUILD_ID;
const GUILD_SHARD0 = (BigInt(GUILD_ID) + (1n << 22n)).toString(); // 987654321102959736

/** The shards' environment: only what they need (no tokens of other platforms from this process). */
function shardEnv(standin: DiscordStandin, dataDir: string): Record<string, string> {
  return {
    DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: standin.apiUrl, DATA_DIR: dataDir,
    LOG_LEVEL: 'info', DRAIN_TIMEOUT_MS: '3000',
  };
}

/** The JSON log lines of every shard process, read from its piped stderr. */
function captureShardLogs(lines: Record<string, unknown>[]): (id: number, child: ChildProcess) => void {
  return (_id, child) => {
    let buf = '';
    child.stdout?.resume();
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        try { lines.push(JSON.parse(line) as Record<string, unknown>); } catch { lines.push({ raw: line }); }
      }
    });
  };
}

/**
 * The shards' command counters once they reach `want` (the adapter counts a command when its
 * route returns, which can be just after the user saw the first answer), or what they were at the
 * deadline.
 */
async function countsWhen(running: RunningShards, want: Record<string, number>, ms = 10_000): Promise<Record<string, number>> {
  const t0 = Date.now();
  for (;;) {
    const now = commandsByShard(await running.metricsText());
    if (Object.entries(want).every(([k, v]) => (now[k] ?? 0) === v) || Date.now() - t0 > ms) return now;
    await sleep(50);
  }
}

/** `vram_bot_commands_total{platform="discord",command="gpus",outcome="ok",shard=...}` (`/vram-gpus` answered), by shard label. */
function commandsByShard(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    if (!line.startsWith('vram_bot_commands_total{')) continue;
    const shard = /shard="([^"]+)"/.exec(line)?.[1];
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (shard && /command="gpus"/.test(line) && /outcome="ok"/.test(line)) out[shard] = (out[shard] ?? 0) + value;
  }
  return out;
}

describe('sharding: the plan', () => {
  const gw = { shards: 2, maxConcurrency: 1, total: 1000, remaining: 999, resetAfterMs: 14_400_000 };

  test('GIVEN auto THEN the gateway’s recommendation; GIVEN a number THEN it overrides it', () => {
    expect(planShards(gw, 'auto')).toMatchObject({ totalShards: 2, recommended: 2, source: 'gateway', spawnDelayMs: 5500 });
    expect(planShards(gw, 3)).toMatchObject({ totalShards: 3, recommended: 2, source: 'DISCORD_SHARDS' });
  });

  test('GIVEN max_concurrency THEN shards sharing a rate limit key start >= 5.5 s apart: delay = ceil(5500 / max_concurrency)', () => {
    expect(spawnDelayMs(1)).toBe(5500);
    expect(spawnDelayMs(16)).toBe(344); // 5500 / 16 = 343.75; shard k and k+16 are 16 x 344 = 5504 ms apart
    expect(16 * spawnDelayMs(16)).toBeGreaterThanOrEqual(5500);
  });

  test('GIVEN fewer session starts left than shards THEN refused, naming the limit and DISCORD_SHARDS', () => {
    expect(() => planShards({ ...gw, remaining: 2 }, 3)).toThrow(/2 more session start\(s\).*3 shard\(s\).*DISCORD_SHARDS/);
    expect(planShards({ ...gw, remaining: 3 }, 3).totalShards).toBe(3);
  });

  test('GIVEN quick deaths in a row THEN no wait, then 1 s doubling to 60 s', () => {
    expect([1, 2, 3, 4, 8, 20].map((n) => respawnDelayMs(n))).toEqual([0, 1000, 2000, 4000, 60_000, 60_000]); // 1000 * 2^6 = 64000 > 60000
    expect(DEFAULT_RESPAWN_BACKOFF.maxMs).toBe(60_000);
  });

  test('GIVEN DISCORD_SHARDS THEN validated: auto, a whole number >= 1; anything else names the variable', () => {
    const base = { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID };
    const ok = (v: string | undefined): unknown => { const r = parseEnv({ ...base, DISCORD_SHARDS: v }); return r.ok ? r.env.DISCORD_SHARDS : r.message; };
    expect(ok(undefined)).toBe('auto');
    expect(ok('auto')).toBe('auto');
    expect(ok('4')).toBe(4);
    for (const bad of ['0', '-1', '2.5', 'two', '1e3']) expect(ok(bad)).toMatch(/DISCORD_SHARDS: must be 'auto' or a whole number/);
  });

  test('GIVEN the shard entry started by hand THEN refused, naming the variable', () => {
    expect(shardOfEnv({})).toMatch(/^SHARDING_MANAGER: not set/);
    expect(shardOfEnv({ SHARDING_MANAGER: 'true', SHARDS: '2', SHARD_COUNT: '2' })).toMatch(/^SHARDS: must be one shard id from 0 to 1/);
    expect(shardOfEnv({ SHARDING_MANAGER: 'true', SHARDS: '1', SHARD_COUNT: '2' })).toEqual({ id: 1, count: 2 });
  });

  test('GIVEN the shards run TypeScript THEN they load it through tsx’s loader', () => {
    expect(SHARD_EXEC_ARGV[0]).toBe('--import');
    expect(SHARD_EXEC_ARGV[1]).toMatch(/^file:\/\/.*\/tsx\/.*loader\.mjs$/);
  });
});

type Frame = { op: number; t?: string | null; s?: number | null; d?: unknown };

/** A raw gateway client: its frames so far and its close code. */
async function connect(s: DiscordStandin): Promise<{ ws: WebSocket; frames: Frame[]; closed: Promise<number> }> {
  const ws = new WebSocket(`${s.apiUrl.replace(/^http/, 'ws').replace(/\/api$/, '')}/?v=10&encoding=json`);
  const frames: Frame[] = [];
  ws.on('message', (raw: Buffer) => frames.push(JSON.parse(raw.toString('utf8')) as Frame));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  return { ws, frames, closed };
}
const identify = (shard?: unknown): string => JSON.stringify({ op: 2, d: { token: TOKEN, intents: 1, properties: {}, ...(shard === undefined ? {} : { shard }) } });

describe('the stand-in gateway: several identified shards', () => {
  let s: DiscordStandin | undefined;
  afterEach(async () => { await s?.close(); s = undefined; });

  test('GIVEN IDENTIFY with a shard outside [0, num_shards) or not a pair THEN close 4010, recorded', async () => {
    s = await DiscordStandin.start({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_SHARD1 });
    for (const bad of [[2, 2], [0, 0], [-1, 2], [0], 'x']) {
      const c = await connect(s);
      c.ws.send(identify(bad));
      expect(await c.closed).toBe(4010);
    }
    expect(s.violations).toHaveLength(5);
    expect(s.violations[0]).toMatch(/invalid shard.*\[2, 2\]/);
  });

  test('GIVEN 3000 guilds THEN one unsharded session gets 4011; two shards of 1500 each are accepted', async () => {
    s = await DiscordStandin.start({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_SHARD1, guilds: [GUILD_SHARD0], guildCount: 3000 });
    const one = await connect(s);
    one.ws.send(identify());
    expect(await one.closed).toBe(4011); // 3000 > 2500 guilds on shard [0, 1]
    const single = await connect(s);
    single.ws.send(identify([0, 1]));
    expect(await single.closed).toBe(4011);
    // [0, 2]: guild 0 (listed, shard 0) + ceil((3000 - 2) / 2) = 1 + 1499 = 1500 <= 2500.
    const c = await connect(s);
    c.ws.send(identify([0, 2]));
    for (let i = 0; i < 200 && !c.frames.some((f) => f.t === 'READY'); i++) await sleep(10);
    expect(c.frames.find((f) => f.t === 'READY')?.d).toMatchObject({ shard: [0, 2], guilds: [{ id: GUILD_SHARD0, unavailable: true }] });
    c.ws.terminate();
  });

  test('GIVEN two shards THEN READY, GUILD_CREATE and interactions go only to the shard that owns the guild; guild-less events to shard 0', async () => {
    s = await DiscordStandin.start({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_SHARD1, guilds: [GUILD_SHARD0] });
    const put = await fetch(`${s.apiUrl}/v10/applications/${APP_ID}/guilds/${GUILD_SHARD1}/commands`, { method: 'PUT', headers: { authorization: `Bot ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(buildCommands()) });
    expect(put.status).toBe(200);
    const c0 = await connect(s);
    const c1 = await connect(s);
    c0.ws.send(identify([0, 2]));
    c1.ws.send(identify([1, 2]));
    const st = s;
    await until('both shards identified', () => st.gateway.shards.length === 2, 3000);
    await until('GUILD_CREATEs', () => c0.frames.some((f) => f.t === 'GUILD_CREATE') && c1.frames.some((f) => f.t === 'GUILD_CREATE'), 3000);
    const ids = (c: { frames: Frame[] }, t: string): unknown[] => c.frames.filter((f) => f.t === t).map((f) => (f.d as { id?: unknown; guild_id?: unknown }).id);
    expect(c0.frames.find((f) => f.t === 'READY')?.d).toMatchObject({ shard: [0, 2], guilds: [{ id: GUILD_SHARD0 }] });
    expect(c1.frames.find((f) => f.t === 'READY')?.d).toMatchObject({ shard: [1, 2], guilds: [{ id: GUILD_SHARD1 }] });
    expect(ids(c0, 'GUILD_CREATE')).toEqual([GUILD_SHARD0]);
    expect(ids(c1, 'GUILD_CREATE')).toEqual([GUILD_SHARD1]);
    // Each guild has its own channel, and the GUILD_CREATE says so.
    const channelOf = (c: { frames: Frame[] }): unknown => ((c.frames.find((f) => f.t === 'GUILD_CREATE')?.d as { channels: { id: string }[] }).channels[0]?.id);
    expect(channelOf(c0)).toBe(st.channelOf(GUILD_SHARD0));
    expect(channelOf(c0)).not.toBe(channelOf(c1));

    const r0 = s.runCommand('vram-gpus', {}, { guildId: GUILD_SHARD0 });
    const r1 = s.runCommand('vram-gpus', {}, { guildId: GUILD_SHARD1 });
    r0.seen.catch(() => undefined);
    r1.seen.catch(() => undefined);
    expect([r0.record.shards, r1.record.shards]).toEqual([[0], [1]]);
    await until('interactions delivered', () => c0.frames.some((f) => f.t === 'INTERACTION_CREATE') && c1.frames.some((f) => f.t === 'INTERACTION_CREATE'), 3000);
    const interactions = (c: { frames: Frame[] }): unknown[] => c.frames.filter((f) => f.t === 'INTERACTION_CREATE').map((f) => (f.d as { guild_id: unknown; channel_id: unknown }).guild_id);
    expect(interactions(c0)).toEqual([GUILD_SHARD0]);
    expect(interactions(c1)).toEqual([GUILD_SHARD1]);
    // Each session numbers its own dispatches: READY 1, GUILD_CREATE 2, INTERACTION_CREATE 3.
    expect(c0.frames.filter((f) => f.op === 0).map((f) => f.s)).toEqual([1, 2, 3]);
    expect(c1.frames.filter((f) => f.op === 0).map((f) => f.s)).toEqual([1, 2, 3]);
    expect(s.gateway.dispatch('USER_UPDATE', { id: APP_ID })).toEqual([0]);
    expect(() => s?.runCommand('vram-gpus', {}, { guildId: '111111111111111111' })).toThrow(/not in guild 111111111111111111/);
    c1.ws.terminate();
    await until('shard 1 gone', () => st.gateway.shards.length === 1, 3000);
    expect(() => st.gateway.dispatch('INTERACTION_CREATE', { guild_id: GUILD_SHARD1 })).toThrow(/no identified gateway connection receives INTERACTION_CREATE for guild .*connected shards: \[0, 2\]/);
    c0.ws.terminate();
  });

  test('GIVEN GET /gateway/bot THEN the recommended shards (1 per 1000 guilds by default) and the session start limit with max_concurrency', async () => {
    s = await DiscordStandin.start({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_SHARD1, guildCount: 2500, maxConcurrency: 16 });
    const get = async (): Promise<{ shards: number; session_start_limit: Record<string, number> }> =>
      (await (await fetch(`${s?.apiUrl ?? ''}/v10/gateway/bot`, { headers: { authorization: `Bot ${TOKEN}` } })).json()) as { shards: number; session_start_limit: Record<string, number> };
    const first = await get();
    expect(first.shards).toBe(3); // ceil(2500 / 1000)
    expect(first.session_start_limit).toEqual({ total: 1000, remaining: 1000, reset_after: 14_400_000, max_concurrency: 16 });
    const c = await connect(s);
    c.ws.send(identify([0, 3]));
    const st = s;
    await until('identified', () => st.gateway.shards.length === 1, 3000);
    expect((await get()).session_start_limit.remaining).toBe(999); // one session started
    expect((await fetch(`${s.apiUrl}/v10/gateway/bot`)).status).toBe(401);
    c.ws.terminate();
  });

  test('GIVEN max_concurrency enforced THEN a second IDENTIFY with the same rate limit key (shard_id % max_concurrency) within the window gets op 9', async () => {
    s = await DiscordStandin.start({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_SHARD1, maxConcurrency: 2, identifyWindowMs: 5000 });
    const a = await connect(s);
    const b = await connect(s);
    const c = await connect(s);
    a.ws.send(identify([0, 4])); // key 0
    b.ws.send(identify([1, 4])); // key 1: its own bucket
    const st = s;
    await until('two identified', () => st.gateway.shards.length === 2, 3000);
    c.ws.send(identify([2, 4])); // key 2 % 2 = 0, again within 5 s
    await until('invalid session', () => c.frames.some((f) => f.op === 9), 3000);
    expect(c.frames.find((f) => f.op === 9)).toMatchObject({ op: 9, d: false });
    expect(s.violations).toEqual([expect.stringMatching(/IDENTIFY of shard \[2, 4\] \d+ ms after the last one with rate limit key 0 \(max_concurrency 2 per 5000 ms\)/)]);
    for (const x of [a, b, c]) x.ws.terminate();
  });
});

describe('sharding e2e: the real ShardingManager, two shard processes, the stand-in', () => {
  let standin: DiscordStandin;
  let running: RunningShards;
  let dataDir: string;
  const managerLog: { msg: string; fields: LogFields | undefined }[] = [];
  const shardLines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    expect(shardOf(GUILD_SHARD0, 2)).toBe(0);
    expect(shardOf(GUILD_SHARD1, 2)).toBe(1);
    dataDir = mkdtempSync(join(tmpdir(), 'vram-shards-'));
    // max_concurrency 16: shards start 344 ms apart, not 5.5 s (what large bots get).
    standin = await DiscordStandin.start({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_SHARD1, guilds: [GUILD_SHARD0], recommendedShards: 2, maxConcurrency: 16, heartbeatIntervalMs: 1000 });
    await deployCommands({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_SHARD1, apiUrl: standin.apiUrl });
    running = await startShardManager({
      token: TOKEN, apiUrl: standin.apiUrl, shards: 'auto', env: shardEnv(standin, dataDir), silent: true,
      log: (msg, _err, fields) => { managerLog.push({ msg, fields }); }, onSpawn: captureShardLogs(shardLines),
      stopTimeoutMs: 10_000,
    });
  });
  afterAll(async () => {
    await running?.stop();
    await standin?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('GIVEN auto THEN two shards from GET /gateway/bot, each identified with its own [id, 2] and READY with its own guild', async () => {
    expect(running.plan).toMatchObject({ totalShards: 2, recommended: 2, source: 'gateway', maxConcurrency: 16, spawnDelayMs: 344 });
    expect(standin.identifies.map((i) => i.shard).sort()).toEqual([[0, 2], [1, 2]]);
    expect([...standin.gateway.shards].map((s) => s.join('/')).sort()).toEqual(['0/2', '1/2']);
    expect(running.shards().map((s) => s.ready)).toEqual([true, true]);
    expect(standin.violations).toEqual([]);
    // Each shard process says how many guilds it got: one each (its own).
    await until('both shards logged in', () => shardLines.filter((l) => /ready in 1 guild\(s\)$/.test(String(l.msg))).length === 2);
    expect(new Set(shardLines.filter((l) => /ready in 1 guild/.test(String(l.msg))).map((l) => l.shard))).toEqual(new Set([0, 1]));
  });

  test('GIVEN an interaction in each guild THEN each is dispatched to its shard only and answered by that process', async () => {
    const before = commandsByShard(await running.metricsText());
    const a = standin.runCommand('vram-gpus', {}, { guildId: GUILD_SHARD0, timeoutMs: 15_000 });
    const b = standin.runCommand('vram-gpus', {}, { guildId: GUILD_SHARD1, timeoutMs: 15_000 });
    expect(a.record.shards).toEqual([0]);
    expect(b.record.shards).toEqual([1]);
    const [ma, mb] = await Promise.all([a.seen, b.seen]);
    expect(seenText(ma)).toContain('h100');
    expect(seenText(mb)).toContain('h100');
    const after = await countsWhen(running, { 0: (before['0'] ?? 0) + 1, 1: (before['1'] ?? 0) + 1 });
    // One /vram-gpus more in each shard's own counter: shard 0 answered guild 0, shard 1 guild 1.
    expect((after['0'] ?? 0) - (before['0'] ?? 0)).toBe(1);
    expect((after['1'] ?? 0) - (before['1'] ?? 0)).toBe(1);
    expect(standin.violations).toEqual([]);
  });

  test('GIVEN the shard logs THEN every line carries its shard id, and no token', () => {
    const json = shardLines.filter((l) => !('raw' in l));
    expect(json.length).toBeGreaterThan(4);
    expect(json.filter((l) => l.shard !== 0 && l.shard !== 1)).toEqual([]);
    expect(shardLines.filter((l) => 'raw' in l)).toEqual([]);
    expect(JSON.stringify(shardLines)).not.toContain(TOKEN);
    expect(JSON.stringify(managerLog)).not.toContain(TOKEN);
  });

  test('GIVEN /readyz state and metrics THEN every shard ready; each series labelled with its shard', async () => {
    await until('both shards report ready status', () => running.ops.adapters().every((a) => a.ready));
    expect(running.ops.adapters()).toEqual([{ name: 'discord-shard-0', ready: true }, { name: 'discord-shard-1', ready: true }]);
    expect(running.ops.draining()).toBe(false);
    const text = await running.metricsText();
    expect(text).toMatch(/vram_bot_discord_shards\{shard="manager"\} 2/);
    expect(text).toMatch(/vram_bot_discord_shards_ready\{shard="manager"\} 2/);
  });

  test('GIVEN shard 1’s process is killed THEN the manager logs the death, respawns it, and it answers its guild again', async () => {
    const view = running.shards()[1];
    const pid = view?.pid;
    if (!pid) throw new Error('shard 1 has no process');
    process.kill(pid, 'SIGKILL');
    await until('shard 1 respawned and ready', () => { const v = running.shards()[1]; return v !== undefined && v.pid !== null && v.pid !== pid && v.ready; });
    await until('the old process gone', () => !alive(pid), 5000);
    expect(running.shards()[1]?.deaths).toBe(1);
    expect(running.shards()[0]?.deaths).toBe(0);
    const died = managerLog.find((l) => l.msg.includes(`process ${pid} died (signal SIGKILL)`));
    expect(died?.msg).toMatch(/^discord shard 1\/2: process \d+ died \(signal SIGKILL\) after [\d.]+ s; respawning it$/);
    expect(died?.fields).toMatchObject({ shard: 1, level: 'error' });
    // The respawned shard identified again as [1, 2]; shard 0 kept its session.
    expect(standin.identifies.map((i) => JSON.stringify(i.shard)).sort()).toEqual(['[0,2]', '[1,2]', '[1,2]']);
    const before = commandsByShard(await running.metricsText());
    const r = standin.runCommand('vram-gpus', {}, { guildId: GUILD_SHARD1, timeoutMs: 15_000 });
    expect(r.record.shards).toEqual([1]);
    expect(seenText(await r.seen)).toContain('h100');
    const after = await countsWhen(running, { 0: before['0'] ?? 0, 1: 1 });
    expect(after['1']).toBe(1); // the new process's counter starts from 0
    expect(after['0']).toBe(before['0']);
    expect(standin.violations).toEqual([]);
  });

  test('GIVEN shard 1 dies again soon after its respawn THEN the next respawn waits 1 s before logging in (backoff), then answers', async () => {
    const pid = running.shards()[1]?.pid;
    if (!pid) throw new Error('shard 1 has no process');
    process.kill(pid, 'SIGKILL');
    await until('shard 1 respawned and ready', () => { const v = running.shards()[1]; return v !== undefined && v.pid !== null && v.pid !== pid && v.ready; });
    // Second death within 60 s of its start: respawnDelayMs(2) = 1000 * 2^0 = 1000 ms.
    expect(managerLog.find((l) => l.msg.includes(`process ${pid} died`))?.msg).toMatch(/respawning it \(it waits 1000 ms before logging in\)$/);
    const newPid = running.shards()[1]?.pid;
    expect(shardLines.some((l) => l.pid === newPid && l.msg === 'discord shard 1/2: waiting 1000 ms before logging in (it died soon after its last starts)')).toBe(true);
    expect(running.shards()[1]?.deaths).toBe(2);
    const r = standin.runCommand('vram-gpus', {}, { guildId: GUILD_SHARD1, timeoutMs: 15_000 });
    expect(seenText(await r.seen)).toContain('h100');
  });

  test('GIVEN Discord closes shard 0 with 4004 (authentication failed) THEN it exits EX_CONFIG (78) and the respawn waits the longest (60 s) before logging in', async () => {
    const pid = running.shards()[0]?.pid;
    if (!pid) throw new Error('shard 0 has no process');
    standin.gateway.closeWith(4004, 'Authentication failed.', 0);
    await until('shard 0 respawned', () => { const v = running.shards()[0]; return v !== undefined && v.pid !== null && v.pid !== pid; });
    expect(managerLog.find((l) => l.msg.includes(`process ${pid} died`))?.msg)
      .toMatch(/^discord shard 0\/2: process \d+ died \(exit code 78\) after [\d.]+ s; it stopped on a failure a restart cannot cure \(see its log\); respawning it \(it waits 60000 ms before logging in\)$/);
    expect(shardLines.some((l) => l.pid === pid && l.shard === 0 && /the gateway closed for good/.test(String(l.msg)))).toBe(true);
    await until('the new shard 0 waits', () => shardLines.some((l) => l.pid === running.shards()[0]?.pid && /waiting 60000 ms before logging in/.test(String(l.msg))), 20_000);
    expect(running.shards()[0]?.ready).toBe(false);
    expect(running.ops.adapters()[0]).toEqual({ name: 'discord-shard-0', ready: false });
  });

  test('GIVEN stop THEN every shard process exits (none left behind, also the one waiting to log in) and every gateway connection closes', async () => {
    const pids = [...running.pids];
    expect(pids).toHaveLength(5); // shard 0, shard 1, shard 1 twice respawned, shard 0 respawned
    await running.stop();
    expect(pids.filter(alive)).toEqual([]);
    await until('the gateway connections closed', () => !standin.gateway.connected, 5000);
    expect(running.shards().map((s) => s.pid)).toEqual([null, null]);
    // Stopped, not died: no respawn, no death counted.
    await sleep(300);
    expect(running.pids).toHaveLength(5);
    expect(managerLog.filter((l) => /respawning/.test(l.msg))).toHaveLength(3);
    expect(shardLines.some((l) => l.shard === 0 && l.msg === 'SIGTERM before logging in: stopped')).toBe(true);
    expect(shardLines.filter((l) => /uncaught|unhandled/.test(String(l.msg)))).toEqual([]);
  });
});

describe('sharding e2e: npm run start:sharded with DISCORD_SHARDS', () => {
  test('GIVEN DISCORD_SHARDS=1 against a recommendation of 2 THEN one shard holds both guilds and answers both; SIGTERM stops it cleanly', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vram-shards-'));
    const standin = await DiscordStandin.start({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_SHARD1, guilds: [GUILD_SHARD0], recommendedShards: 2, maxConcurrency: 1 });
    let manager: ChildProcess | undefined;
    try {
      await deployCommands({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_SHARD1, apiUrl: standin.apiUrl });
      // What `npm run start:sharded` runs (`tsx adapters/discord/sharding.ts`), without npm in between.
      manager = spawn(process.execPath, [...SHARD_EXEC_ARGV, join(__dirname, '../../adapters/discord/sharding.ts')], {
        env: { ...shardEnv(standin, dataDir), DISCORD_SHARDS: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      const lines: Record<string, unknown>[] = [];
      captureShardLogs(lines)(-1, manager);
      const exited = new Promise<number | null>((resolve) => manager?.once('exit', (code) => resolve(code)));
      await until('all shards ready', () => lines.some((l) => l.msg === 'discord sharding: all 1 shard(s) ready'));
      expect(lines.find((l) => /^discord sharding: 1 shard\(s\)/.test(String(l.msg)))?.msg).toMatch(/DISCORD_SHARDS=1; the gateway recommends 2/);
      expect(lines.some((l) => /below the gateway's recommendation \(2\)/.test(String(l.msg)))).toBe(true);
      expect(standin.identifies.map((i) => i.shard)).toEqual([[0, 1]]);
      for (const guildId of [GUILD_SHARD0, GUILD_SHARD1]) {
        const r = standin.runCommand('vram-gpus', {}, { guildId, timeoutMs: 15_000 });
        expect(r.record.shards).toEqual([0]);
        expect(seenText(await r.seen)).toContain('h100');
      }
      // The shard process shares the manager's stderr (not silent): its lines carry shard 0.
      const shardPids = lines.map((l) => /process (\d+) started/.exec(String(l.msg))?.[1]).filter((p): p is string => p !== undefined).map(Number);
      expect(shardPids).toHaveLength(1);
      expect(lines.filter((l) => l.shard === 0).length).toBeGreaterThan(2);
      expect(lines.filter((l) => l.shard === undefined)).toEqual([]);
      manager.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(shardPids.filter(alive)).toEqual([]);
      expect(lines.some((l) => l.msg === 'stopped' && l.shard === 'manager')).toBe(true);
      expect(lines.filter((l) => /uncaught|unhandled/.test(String(l.msg)))).toEqual([]);
      expect(standin.violations).toEqual([]);
    } finally {
      if (manager && manager.exitCode === null) manager.kill('SIGKILL');
      await standin.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('GIVEN the manager is killed outright (SIGKILL, no cleanup) THEN its shard exits by itself: no orphan left', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vram-shards-'));
    const standin = await DiscordStandin.start({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_SHARD1 });
    let manager: ChildProcess | undefined;
    let shardPid = 0;
    try {
      await deployCommands({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_SHARD1, apiUrl: standin.apiUrl });
      manager = spawn(process.execPath, [...SHARD_EXEC_ARGV, join(__dirname, '../../adapters/discord/sharding.ts')], {
        env: shardEnv(standin, dataDir), stdio: ['ignore', 'pipe', 'pipe'],
      });
      const lines: Record<string, unknown>[] = [];
      captureShardLogs(lines)(-1, manager);
      await until('all shards ready', () => lines.some((l) => l.msg === 'discord sharding: all 1 shard(s) ready'));
      shardPid = Number(/process (\d+) started/.exec(String(lines.find((l) => /process \d+ started/.test(String(l.msg)))?.msg))?.[1]);
      expect(alive(shardPid)).toBe(true);
      manager.kill('SIGKILL');
      // The shard sees its IPC channel close, drains (nothing in flight) and exits 0.
      await until('the orphaned shard to exit', () => !alive(shardPid), 15_000);
      await until('the gateway connection closed', () => !standin.gateway.connected, 5000);
      expect(lines.some((l) => l.shard === 0 && /the sharding manager is gone \(IPC channel closed\)/.test(String(l.msg)))).toBe(true);
      expect(lines.filter((l) => /uncaught|unhandled/.test(String(l.msg)))).toEqual([]);
    } finally {
      if (shardPid > 0 && alive(shardPid)) process.kill(shardPid, 'SIGKILL');
      await standin.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
