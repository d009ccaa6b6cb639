/**
 * `npm start`'s real entry point with Slack and Discord configured at once: one process runs
 * both adapters against local stand-ins (Slack Web API/response_url; Discord REST + gateway),
 * answers a signed Slack slash command and a Discord interaction, and stops cleanly on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { createServer as createHttpServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployCommands } from '../../adapters/discord/deploy';
import { SlackStandIn } from '../slack/support/standin';
import { postSigned, slashBody } from '../slack/support/sign';
import { BOT_TOKEN, SIGNING_SECRET } from '../slack/support/harness';
import { DiscordStandin } from '../discord/standin';
import { APP_ID, GUILD_ID, TOKEN } from '../discord/harness';

const ROOT = join(__dirname, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function until(cond: () => boolean, what: string, ms = 20000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('GIVEN Slack and Discord tokens together THEN one npm start process serves both', () => {
  let slack: SlackStandIn;
  let discord: DiscordStandin;
  let child: ChildProcess;
  let stderr = '';
  let port = 0;
  let slowHub: Server;

  beforeAll(async () => {
    // A Hub that takes 1.5 s to say "not found": a command still in flight when SIGTERM arrives.
    slowHub = createHttpServer((_req, res) => { setTimeout(() => { res.writeHead(404); res.end('{}'); }, 1500); });
    await new Promise<void>((r) => slowHub.listen(0, '127.0.0.1', () => r()));
    const hubAddr = slowHub.address();
    const hubPort = typeof hubAddr === 'object' && hubAddr ? hubAddr.port : 0;
    slack = await SlackStandIn.start();
    discord = await DiscordStandin.start({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_ID, heartbeatIntervalMs: 41250 });
    await deployCommands({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_ID, apiUrl: discord.apiUrl });
    port = await freePort();
    child = spawn(process.execPath, ['--import', 'tsx', 'adapters/main.ts'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '', DOTENV_CONFIG_PATH: '/nonexistent/.env', DATA_DIR: mkdtempSync(join(tmpdir(), 'vram-both-')),
        SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, PORT: String(port), SLACK_CHARTS: 'false',
        DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: discord.apiUrl, HF_ENDPOINT: `http://127.0.0.1:${hubPort}`,
      },
    });
    child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
    await until(() => /starting adapters: slack .*discord/.test(stderr), 'the start-up log');
    await until(() => discord.identifies.length > 0, 'the Discord IDENTIFY');
  }, 60000);

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await discord.close();
    await slack.close();
    slowHub.closeAllConnections();
    await new Promise<void>((r) => slowHub.close(() => r()));
  });

  test('THEN a signed Slack /vram gets its reply at the response_url', async () => {
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      try {
        status = (await postSigned(`http://127.0.0.1:${port}/slack/events`, SIGNING_SECRET, slashBody({ text: 'model:llama-3.2-1b lora:true', response_url: slack.responseUrl('both-1') }))).status;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    expect(status).toBe(200);
    const got = await slack.waitForResponse('both-1', 10000);
    expect(JSON.stringify(got.body)).toMatch(/Llama 3\.2 1B/);
  }, 30000);

  test('THEN a Discord /vram interaction gets an embed', async () => {
    const m = await discord.runCommand('vram', { model: 'llama-3.2-1b', lora: true }).seen;
    expect(JSON.stringify(m.embeds)).toMatch(/Llama 3\.2 1B/);
  }, 30000);

  test('THEN malformed Discord payloads (options not a list, no data, no member or user) do not take the process, or Slack, down', async () => {
    const edits: ((p: Record<string, unknown>) => unknown)[] = [
      (p) => ({ ...p, data: { ...(p.data as object), options: 'not a list' } }),
      (p) => { const { data: _d, ...rest } = p; return rest; },
      (p) => { const { member: _m, user: _u, ...rest } = p; return rest; },
    ];
    for (const edit of edits) discord.rawInteraction(2, edit);
    await new Promise((r) => setTimeout(r, 500));
    expect(child.exitCode).toBeNull();
    const res = await postSigned(`http://127.0.0.1:${port}/slack/events`, SIGNING_SECRET, slashBody({ text: 'model:llama-3.2-1b', response_url: slack.responseUrl('both-malformed') }));
    expect(res.status).toBe(200);
    expect(JSON.stringify((await slack.waitForResponse('both-malformed', 10000)).body)).toMatch(/Llama 3\.2 1B/);
    const m = await discord.runCommand('vram', { model: 'llama-3.2-1b' }).seen;
    expect(JSON.stringify(m.embeds)).toMatch(/Llama 3\.2 1B/);
  }, 30000);

  test('THEN when Discord closes the gateway for good, the supervisor restarts the Discord adapter (and says so) while Slack keeps answering', async () => {
    const before = discord.identifies.length;
    // 4011 "sharding required": discord.js does not reconnect on it; the adapter reports itself failed.
    discord.gateway.closeWith(4011, 'Sharding required');
    await until(() => /discord adapter failed; restarting it in 1 s \(restart 1\)/.test(stderr), 'the supervisor\'s restart line');
    // Slack answers while Discord is down or restarting.
    const res = await postSigned(`http://127.0.0.1:${port}/slack/events`, SIGNING_SECRET, slashBody({ text: 'model:llama-3.2-1b', response_url: slack.responseUrl('both-2') }));
    expect(res.status).toBe(200);
    expect(JSON.stringify((await slack.waitForResponse('both-2', 10000)).body)).toMatch(/Llama 3\.2 1B/);
    await until(() => discord.identifies.length > before, 'the Discord adapter logging in again', 20000);
    await until(() => /discord adapter running \(restart 1\)/.test(stderr), 'the restarted adapter', 20000);
    const m = await discord.runCommand('vram', { model: 'llama-3.2-1b' }).seen;
    expect(JSON.stringify(m.embeds)).toMatch(/Llama 3\.2 1B/);
    // The lines are JSON (pino) and name the adapter.
    const line = stderr.split('\n').find((l) => l.includes('discord adapter failed'));
    expect(JSON.parse(line ?? '{}')).toMatchObject({ adapter: 'discord', level: 50 });
  }, 60000);

  test('THEN /healthz, /readyz and /metrics answer on the Slack port, with both adapters ready and the commands counted', async () => {
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, adapters: { slack: true, discord: true }, store: true });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/vram_bot_commands_total\{platform="slack",command="estimate",outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/vram_bot_commands_total\{platform="discord",command="estimate",outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/vram_bot_errors_total\{platform="discord",kind="restart"\} 1/);
    expect(metrics).toMatch(/vram_bot_reply_seconds_count\{platform="slack"\} [1-9]/);
  }, 30000);

  test('THEN SIGTERM drains the command in flight (its reply arrives), exits 0, and no secret reached the log', async () => {
    const res = await postSigned(`http://127.0.0.1:${port}/slack/events`, SIGNING_SECRET, slashBody({ text: 'model:someorg/slow-model', response_url: slack.responseUrl('both-drain') }));
    expect(res.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const reply = await slack.waitForResponse('both-drain', 10000);
    expect(JSON.stringify(reply.body)).toMatch(/someorg\/slow-model/);
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/SIGTERM: draining the commands in flight/);
    expect(stderr).not.toContain(BOT_TOKEN);
    expect(stderr).not.toContain(SIGNING_SECRET);
    expect(stderr).not.toContain(TOKEN);
  }, 30000);
});
