import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { buildCommands } from '../../adapters/discord/commands';
import { deployConfig } from '../../adapters/discord/deploy';
import { discordConfig, startDiscord } from '../../adapters/discord';
import { parseEnv, type Env } from '../../adapters/env';
import { createHandler } from '../../commands/handler';
import { APP_ID, GUILD_ID, TOKEN } from './harness';
import { DiscordStandin } from './standin';

const run = promisify(execFile);

function env(vars: Record<string, string>): Env {
  const r = parseEnv(vars);
  if (!r.ok) throw new Error(r.message);
  return r.env;
}

describe('discord config from the environment', () => {
  test('GIVEN token, application id and API URL THEN explicit config with the REST base', () => {
    expect(discordConfig(env({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: 'http://127.0.0.1:1/api' })))
      .toEqual({ token: TOKEN, applicationId: APP_ID, apiUrl: 'http://127.0.0.1:1/api' });
  });

  test('GIVEN no token THEN the error names DISCORD_TOKEN', () => {
    expect(() => discordConfig(env({}))).toThrow(/^DISCORD_TOKEN: required/);
    expect(() => deployConfig(env({}))).toThrow(/^DISCORD_TOKEN: required/);
  });

  test('GIVEN a guild id THEN deploy is guild-scoped; without THEN global', () => {
    expect(deployConfig(env({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_GUILD_ID: GUILD_ID })).guildId).toBe(GUILD_ID);
    expect(deployConfig(env({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID })).guildId).toBeUndefined();
  });

  test('GIVEN the validated environment THEN startDiscord logs in at DISCORD_API_URL and stops cleanly', async () => {
    const standin = await DiscordStandin.start({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_ID });
    const logs: string[] = [];
    try {
      const log = (m: string): void => { logs.push(m); };
      const bot = await startDiscord(env({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: standin.apiUrl }), { core: createHandler({ log }), log });
      expect(bot.name).toBe('discord');
      await bot.stop();
    } finally {
      await standin.close();
    }
    expect(logs).toEqual(['discord: logged in as vram-bot in 1 guild(s)']);
  });

  test('GIVEN a wrong token THEN startDiscord fails naming DISCORD_TOKEN, and the token is not logged', async () => {
    const standin = await DiscordStandin.start({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_ID });
    const logs: string[] = [];
    const wrong = 'wrong-token-that-must-not-be-logged';
    try {
      const log = (m: string, e?: unknown): void => { logs.push(`${m} ${e instanceof Error ? e.stack ?? '' : ''}`); };
      await expect(startDiscord(env({ DISCORD_TOKEN: wrong, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: standin.apiUrl }), { core: createHandler({ log }), log }))
        .rejects.toMatchObject({ name: 'DiscordAdapterError', code: 'login_failed', message: expect.stringMatching(/check DISCORD_TOKEN/) });
    } finally {
      await standin.close();
    }
    expect(logs.join('\n')).not.toContain(wrong);
  });
});

describe('npm run discord:deploy (scripts/discord-deploy.ts)', () => {
  // A fresh cwd and no dotenv file: the script must see only the variables given here.
  const cwd = mkdtempSync(join(tmpdir(), 'vram-deploy-'));
  afterAll(() => { rmSync(cwd, { recursive: true, force: true }); });
  const script = resolve(__dirname, '../../scripts/discord-deploy.ts');
  const tsx = require.resolve('tsx/cli');
  const exec = (vars: Record<string, string>): Promise<{ stdout: string; stderr: string }> =>
    run(process.execPath, [tsx, script], { cwd, env: { PATH: process.env.PATH ?? '', DOTENV_CONFIG_PATH: join(cwd, 'none.env'), ...vars } });

  test('GIVEN no token THEN it fails with the variable’s name', async () => {
    await expect(exec({ DISCORD_APPLICATION_ID: APP_ID })).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('DISCORD_TOKEN') });
  }, 30000);

  test('GIVEN the environment THEN it PUTs the commands to the guild and prints what it registered', async () => {
    const standin = await DiscordStandin.start({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_ID });
    try {
      const { stdout } = await exec({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_GUILD_ID: GUILD_ID, DISCORD_API_URL: standin.apiUrl });
      expect(stdout).toContain(`PUT /applications/${APP_ID}/guilds/${GUILD_ID}/commands`);
      expect(stdout).not.toContain(TOKEN);
      expect(standin.registered.get(`/applications/${APP_ID}/guilds/${GUILD_ID}/commands`)?.map((c) => c.name)).toEqual(buildCommands().map((c) => c.name));
      expect(standin.violations).toEqual([]);
    } finally {
      await standin.close();
    }
  }, 30000);
});
