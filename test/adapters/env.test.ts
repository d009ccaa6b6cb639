import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseEnv, plannedAdapters } from '../../adapters/env';

const ROOT = join(__dirname, '..', '..');
const BOT = 'xoxb-1111-2222-abcdefghijklmnop';
const SECRET = '0123456789abcdef0123456789abcdef';

describe('environment validation', () => {
  test('GIVEN nothing set THEN only the console runs, and says why', () => {
    const r = parseEnv({});
    expect(r.ok).toBe(true);
    if (r.ok) expect(plannedAdapters(r.env)).toEqual({ slack: null, discord: null, console: 'no chat tokens in the environment' });
  });
  test('GIVEN blank values (as in a copied .env.example) THEN they count as unset', () => {
    const r = parseEnv({ SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '   ', PORT: '3000' });
    expect(r.ok).toBe(true);
  });
  test('GIVEN a Slack bot token without the signing secret THEN an error naming SLACK_SIGNING_SECRET', () => {
    const r = parseEnv({ SLACK_BOT_TOKEN: BOT });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/SLACK_SIGNING_SECRET/);
  });
  test('GIVEN a malformed bot token THEN the error names SLACK_BOT_TOKEN and does not echo the value', () => {
    const r = parseEnv({ SLACK_BOT_TOKEN: 'not-a-token-secret-value', SLACK_SIGNING_SECRET: SECRET });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(/SLACK_BOT_TOKEN/);
      expect(r.message).not.toContain('not-a-token-secret-value');
    }
  });
  test('GIVEN Discord token without the application id THEN an error naming DISCORD_APPLICATION_ID', () => {
    const r = parseEnv({ DISCORD_TOKEN: 'abc.def.ghi' });
    expect(!r.ok && r.message).toMatch(/DISCORD_APPLICATION_ID/);
  });
  test('GIVEN a bad PORT THEN an error naming PORT', () => {
    const r = parseEnv({ PORT: '99999' });
    expect(!r.ok && r.message).toMatch(/PORT/);
  });
  test('GIVEN Slack and Discord both configured THEN both start in one process and the console does not', () => {
    const r = parseEnv({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, DISCORD_TOKEN: 'abc.def.ghi', DISCORD_APPLICATION_ID: '123456789012345678' });
    expect(r.ok).toBe(true);
    if (r.ok) {
      const plan = plannedAdapters(r.env);
      expect(plan.slack).toMatch(/HTTP on port 3000/);
      expect(plan.discord).toMatch(/gateway/);
      expect(plan.console).toBeNull();
    }
  });
  test('GIVEN npm start with a malformed variable THEN the process stops with a message naming it (and never the secret)', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'adapters/main.ts'], {
      cwd: ROOT, encoding: 'utf8', input: '',
      env: { PATH: process.env.PATH ?? '', DOTENV_CONFIG_PATH: '/nonexistent', SLACK_BOT_TOKEN: 'bogus-secret-value-123', SLACK_SIGNING_SECRET: SECRET },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/SLACK_BOT_TOKEN/);
    expect(r.stderr).not.toContain('bogus-secret-value-123');
    expect(r.stderr).not.toContain(SECRET);
  });
});
