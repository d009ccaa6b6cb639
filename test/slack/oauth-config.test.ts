/**
 * OAuth distribution's settings: the environment (adapters/env.ts), the adapter config
 * (adapters/slack/config.ts), which store holds installations and shared state
 * (adapters/store/shared-open.ts), and redaction (adapters/ops/log.ts `secretsOf`).
 */
import { parseEnv, plannedAdapters, type Env } from '../../adapters/env';
import { secretsOf as envSecrets } from '../../adapters/ops/log';
import { secretsOf, slackConfigFromEnv, SlackConfigError } from '../../adapters/slack/config';
import { createInstallationStore, installationKey, memoryInstallationRows } from '../../adapters/slack/installations';
import { openSlackStores } from '../../adapters/store/shared-open';
import { tempDir } from '../store/tmp';

const OAUTH = {
  SLACK_CLIENT_ID: '1111111111.2222222222',
  SLACK_CLIENT_SECRET: '0123456789abcdef0123456789abcdef',
  SLACK_STATE_SECRET: 'a-long-random-state-secret',
  SLACK_SIGNING_SECRET: '7c1e9d3f0a5b4e2d8c6a1f3e5d7b9a0c',
};

function env(vars: Record<string, string>): Env {
  const r = parseEnv(vars);
  if (!r.ok) throw new Error(r.message);
  return r.env;
}

describe('OAuth variables in the environment', () => {
  test('GIVEN the three with the signing secret THEN HTTP mode with OAuth distribution is planned', () => {
    expect(plannedAdapters(env(OAUTH)).slack).toBe('HTTP on port 3000, path /slack/events, OAuth distribution (install at /slack/install)');
  });

  test.each([
    [{ SLACK_CLIENT_ID: OAUTH.SLACK_CLIENT_ID, SLACK_SIGNING_SECRET: OAUTH.SLACK_SIGNING_SECRET }, 'SLACK_CLIENT_SECRET, SLACK_STATE_SECRET: required when SLACK_CLIENT_ID is set (OAuth distribution needs all three)'],
    [{ SLACK_CLIENT_SECRET: OAUTH.SLACK_CLIENT_SECRET, SLACK_STATE_SECRET: OAUTH.SLACK_STATE_SECRET, SLACK_SIGNING_SECRET: OAUTH.SLACK_SIGNING_SECRET }, 'SLACK_CLIENT_ID: required when SLACK_CLIENT_SECRET, SLACK_STATE_SECRET are set'],
    [{ ...OAUTH, SLACK_BOT_TOKEN: 'xoxb-1-2-x' }, 'SLACK_BOT_TOKEN: conflicts with SLACK_CLIENT_ID'],
    [{ ...OAUTH, SLACK_BOT_TOKEN: 'xoxb-1-2-x', SLACK_APP_TOKEN: 'xapp-1-x' }, 'SLACK_BOT_TOKEN: conflicts with SLACK_CLIENT_ID'],
    [{ SLACK_CLIENT_ID: OAUTH.SLACK_CLIENT_ID, SLACK_CLIENT_SECRET: OAUTH.SLACK_CLIENT_SECRET, SLACK_STATE_SECRET: OAUTH.SLACK_STATE_SECRET }, 'SLACK_SIGNING_SECRET: required when SLACK_CLIENT_ID is set'],
    [{ ...OAUTH, SLACK_CLIENT_ID: 'abc' }, 'SLACK_CLIENT_ID: must be the Client ID'],
    [{ ...OAUTH, SLACK_STATE_SECRET: 'short' }, 'SLACK_STATE_SECRET: must be at least 16 characters'],
  ])('GIVEN %j THEN refused, naming the variable', (vars, msg) => {
    const r = parseEnv(vars);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(msg);
  });

  test('GIVEN SLACK_BOT_TOKEN alone (one workspace) THEN no OAuth and the token as before', () => {
    const e = env({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: OAUTH.SLACK_SIGNING_SECRET });
    const c = slackConfigFromEnv(e);
    expect(c.botToken).toBe('xoxb-1-2-abc');
    expect(c.oauth).toBeUndefined();
    expect(c.sharedState).toBeUndefined();
  });

  test('GIVEN OAuth without an installation store THEN a config error naming the fix', () => {
    expect(() => slackConfigFromEnv(env(OAUTH))).toThrow(SlackConfigError);
    expect(() => slackConfigFromEnv(env(OAUTH))).toThrow(/needs a store for installations: set DATABASE_URL, or a writable DATA_DIR/);
  });

  test('GIVEN OAuth with a store THEN the config carries it, no bot token, and both secrets are redacted', () => {
    const installationStore = createInstallationStore(memoryInstallationRows());
    const c = slackConfigFromEnv(env(OAUTH), { installationStore });
    expect(c.botToken).toBeUndefined();
    expect(c.oauth).toEqual({ clientId: OAUTH.SLACK_CLIENT_ID, clientSecret: OAUTH.SLACK_CLIENT_SECRET, stateSecret: OAUTH.SLACK_STATE_SECRET, installationStore });
    expect(secretsOf(c)).toEqual([OAUTH.SLACK_SIGNING_SECRET, OAUTH.SLACK_CLIENT_SECRET, OAUTH.SLACK_STATE_SECRET]);
    expect(envSecrets(env(OAUTH))).toEqual(expect.arrayContaining([OAUTH.SLACK_CLIENT_SECRET, OAUTH.SLACK_STATE_SECRET]));
  });
});

describe('which store holds Slack state (no DATABASE_URL)', () => {
  test('GIVEN one workspace THEN nothing is opened (memory, as before)', async () => {
    const t = tempDir('vram-slack-open-');
    try {
      const s = openSlackStores(env({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: OAUTH.SLACK_SIGNING_SECRET, DATA_DIR: t.dir }), null, () => undefined);
      expect(s.sharedState).toBeUndefined();
      expect(s.installationStore).toBeUndefined();
      await s.close();
    } finally {
      t.cleanup();
    }
  });

  test('GIVEN OAuth THEN DATA_DIR/slack.db holds installations and shared state, and an installation survives reopening', async () => {
    const t = tempDir('vram-slack-open-');
    const logs: string[] = [];
    try {
      const e = env({ ...OAUTH, DATA_DIR: t.dir });
      const s = openSlackStores(e, null, (m) => logs.push(m));
      expect(s.sharedState?.kind).toBe('sqlite');
      await s.installationStore?.storeInstallation({ team: { id: 'T9' }, enterprise: undefined, user: { id: 'U9', token: undefined, scopes: undefined }, bot: { id: 'B9', userId: 'UB9', token: 'xoxb-9', scopes: ['commands'] }, isEnterpriseInstall: false, authVersion: 'v2' });
      await s.close();
      const again = openSlackStores(e, null, () => undefined);
      await expect(again.installationStore?.fetchInstallation({ teamId: 'T9', enterpriseId: undefined, isEnterpriseInstall: false })).resolves.toMatchObject({ bot: { token: 'xoxb-9' } });
      await again.close();
      expect(logs).toEqual([`slack: installations, second deliveries and rate limits in ${t.dir}/slack.db (DATABASE_URL not set)`]);
    } finally {
      t.cleanup();
    }
  });
});

describe('installation keys', () => {
  test('an org-wide install is keyed by its enterprise, any other by its team', () => {
    expect(installationKey({ isEnterpriseInstall: true, teamId: undefined, enterpriseId: 'E1' })).toBe('E:E1');
    expect(installationKey({ isEnterpriseInstall: false, teamId: 'T1', enterpriseId: 'E1' })).toBe('T:T1');
    expect(() => installationKey({ isEnterpriseInstall: false })).toThrow(/needs a teamId/);
  });

  test('GIVEN an org-wide installation THEN it is fetched for any team of that enterprise, and deleted by enterprise', async () => {
    const store = createInstallationStore(memoryInstallationRows());
    await store.storeInstallation({ team: undefined, enterprise: { id: 'E1' }, user: { id: 'U1', token: undefined, scopes: undefined }, bot: { id: 'B1', userId: 'UB1', token: 'xoxb-org', scopes: ['commands'] }, isEnterpriseInstall: true, authVersion: 'v2' });
    await expect(store.fetchInstallation({ teamId: 'T5', enterpriseId: 'E1', isEnterpriseInstall: true })).resolves.toMatchObject({ bot: { token: 'xoxb-org' } });
    await store.deleteInstallation({ teamId: undefined, enterpriseId: 'E1', isEnterpriseInstall: true });
    await expect(store.fetchInstallation({ teamId: undefined, enterpriseId: 'E1', isEnterpriseInstall: true })).rejects.toThrow('no installation for E:E1');
  });
});
