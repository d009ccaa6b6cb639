/**
 * Distribution to many workspaces, end to end: the real Bolt app in HTTP mode with Bolt's OAuth
 * installer (adapters/slack/app.ts, installations.ts) on loopback, against the Web API stand-in
 * (test/slack/support/standin.ts: `oauth.v2.access` in Slack's wire format, `auth.test` per
 * token), with the installations in SQLite and in a real PostgreSQL server.
 *
 * The flow: /slack/install answers 302 to Slack's authorize URL with a signed `state` and the
 * same state in a cookie; /slack/oauth_redirect with a code exchanges it (`oauth.v2.access`),
 * checks the token (`auth.test`) and stores the installation; each workspace's commands then
 * run with its own bot token (seen in the Authorization header of `chat.postEphemeral`, the
 * fallback when the response_url fails); `app_uninstalled` deletes the installation, and the
 * next command from that workspace is answered "not installed".
 */
import type { InstallationStore } from '@slack/bolt';
import { createSlackApp, type SlackAdapter } from '../../adapters/slack';
import { createInstallationStore } from '../../adapters/slack/installations';
import { openPostgres } from '../../adapters/store/postgres';
import { pgInstallationRows, pgSharedState } from '../../adapters/store/shared-pg';
import type { SharedState } from '../../adapters/slack/shared-state';
import { openSlackSqlite } from '../../adapters/store/shared-sqlite';
import type { LogFields } from '../../adapters/types';
import { createHandler } from '../../commands/handler';
import { usePostgres } from '../support/postgres';
import { tempDir } from '../store/tmp';
import { SIGNING_SECRET } from './support/harness';
import { postSigned, slashBody } from './support/sign';
import { bearer, SlackStandIn } from './support/standin';

const pg = usePostgres();
const CLIENT_ID = '1111111111.2222222222';
const CLIENT_SECRET = '0123456789abcdef0123456789abcdef';
const STATE_SECRET = 'state-secret-for-the-oauth-e2e-test';
const TOKEN_A = 'xoxb-9000000001-9000000002-TeamAlphaBotToken';
const TOKEN_B = 'xoxb-9000000003-9000000004-TeamBetaBotToken';

interface Backend { store: InstallationStore; close(): Promise<void> }
const backends: [string, () => Promise<Backend>, boolean][] = [
  ['SQLite', async () => {
    const t = tempDir('vram-slack-oauth-');
    const o = openSlackSqlite({ dir: t.dir });
    if (!o.ok) throw new Error(o.reason);
    return { store: createInstallationStore(o.installations), close: async () => { o.close(); t.cleanup(); } };
  }, true],
  ['PostgreSQL', async () => {
    const r = await openPostgres(await pg.freshDatabase(), { pool: { connectionTimeoutMillis: 2000 } });
    if (!r.ok) throw new Error(r.reason);
    return { store: createInstallationStore(pgInstallationRows(r.pool, () => r.ready())), close: () => r.close() };
  }, pg.skip === null],
];

interface Running { standin: SlackStandIn; adapter: SlackAdapter; base: string; logs: string[]; backend: Backend }

async function newStandIn(): Promise<SlackStandIn> {
  const standin = await SlackStandIn.start();
  standin.oauthClient = { id: CLIENT_ID, secret: CLIENT_SECRET };
  standin.grants.set('code-alpha', { teamId: 'TALPHA', teamName: 'Alpha', botToken: TOKEN_A, botUserId: 'UBOTA', botId: 'BBOTA', installerId: 'UADA', scopes: ['commands', 'chat:write', 'files:write', 'users:read'] });
  standin.grants.set('code-beta', { teamId: 'TBETA', teamName: 'Beta', botToken: TOKEN_B, botUserId: 'UBOTB', botId: 'BBOTB', installerId: 'UBOB', scopes: ['commands', 'chat:write', 'files:write', 'users:read'] });
  return standin;
}

async function start(make: () => Promise<Backend>, shared?: { standin: SlackStandIn; sharedState?: SharedState }): Promise<Running> {
  const standin = shared?.standin ?? await newStandIn();
  const backend = await make();
  const logs: string[] = [];
  const log = (msg: string, err?: unknown, _f?: LogFields): void => { logs.push(err === undefined ? msg : `${msg} ${String(err)}`); };
  const adapter = createSlackApp({
    signingSecret: SIGNING_SECRET,
    oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, stateSecret: STATE_SECRET, installationStore: backend.store },
    apiUrl: standin.apiUrl,
    port: 0,
    host: '127.0.0.1',
    logLevel: 'error',
    charts: false,
    ...(shared?.sharedState ? { sharedState: shared.sharedState } : {}),
  }, { core: createHandler({ log }), log });
  const { port } = await adapter.start();
  return { standin, adapter, base: `http://127.0.0.1:${port}`, logs, backend };
}

async function stop(r: Running): Promise<void> {
  await r.adapter.stop();
  await r.standin.close();
  await r.backend.close();
}

/**
 * /slack/install, then the redirect back with `code`, as a browser would (the cookie carried
 * over); the redirect may land on another instance (`back`).
 */
async function install(r: Running, code: string, back: Running = r): Promise<{ location: URL; callback: Response }> {
  const res = await fetch(`${r.base}/slack/install`, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location') ?? '');
  const state = location.searchParams.get('state') ?? '';
  const cookie = res.headers.get('set-cookie') ?? '';
  expect(cookie).toContain(`slack-app-oauth-state=${state}`);
  const callback = await fetch(`${back.base}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`, { headers: { cookie: `slack-app-oauth-state=${state}` }, redirect: 'manual' });
  return { location, callback };
}

let seq = 0;
/** A signed /vram from `team` whose response_url fails, so the reply goes through chat.postEphemeral with the bot token. */
async function commandVia(r: Running, team: string, text = 'help'): Promise<string | undefined> {
  seq += 1;
  const id = `oauth${seq}`;
  r.standin.respondStatus.set(id, 500);
  const before = r.standin.callsTo('chat.postEphemeral').length;
  const ack = await postSigned(`${r.base}/slack/events`, SIGNING_SECRET, slashBody({ text, team_id: team, response_url: r.standin.responseUrl(id) }));
  expect(ack.status).toBe(200);
  await r.standin.waitFor(() => r.standin.callsTo('chat.postEphemeral').length > before, `chat.postEphemeral for ${team}`);
  return bearer(r.standin.callsTo('chat.postEphemeral')[before]?.headers ?? {});
}

for (const [name, make, runs] of backends) {
  const it = runs ? test : test.skip;
  describe(`OAuth distribution, installations in ${name}`, () => {
    it('GIVEN two workspaces installing THEN each is answered with its own token; app_uninstalled removes one and its next command is told the app is not installed', async () => {
      const r = await start(make);
      try {
        // 1. /slack/install: 302 to Slack's authorize page with the client id, the bot scopes and a state.
        const a = await install(r, 'code-alpha');
        expect(`${a.location.origin}${a.location.pathname}`).toBe('https://slack.com/oauth/v2/authorize');
        expect(a.location.searchParams.get('client_id')).toBe(CLIENT_ID);
        expect(a.location.searchParams.get('scope')).toBe('commands,chat:write,files:write,users:read');
        expect(a.callback.status).toBe(200);
        expect(await a.callback.text()).toContain('slack://app?team=TALPHA&amp;id=A0001');

        // 2. The code was exchanged with the app's credentials; the new token was checked.
        const exchange = r.standin.callsTo('oauth.v2.access');
        expect(exchange).toHaveLength(1);
        expect(exchange[0]?.body).toMatchObject({ code: 'code-alpha', client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
        expect(r.standin.callsTo('auth.test').map((c) => bearer(c.headers))).toEqual([TOKEN_A]);
        const stored = await r.backend.store.fetchInstallation({ teamId: 'TALPHA', enterpriseId: undefined, isEnterpriseInstall: false });
        expect(stored).toMatchObject({ team: { id: 'TALPHA', name: 'Alpha' }, bot: { token: TOKEN_A, userId: 'UBOTA', id: 'BBOTA' }, appId: 'A0001', authVersion: 'v2', isEnterpriseInstall: false });

        // 3. A command from Alpha runs with Alpha's token.
        expect(await commandVia(r, 'TALPHA')).toBe(TOKEN_A);

        // 4. Beta installs: its commands run with its own token, Alpha's still with Alpha's.
        const b = await install(r, 'code-beta');
        expect(b.callback.status).toBe(200);
        expect(await commandVia(r, 'TBETA')).toBe(TOKEN_B);
        expect(await commandVia(r, 'TALPHA')).toBe(TOKEN_A);

        // 5. A code used twice is refused by Slack: nothing new is stored (Bolt answers its failure page).
        const again = await install(r, 'code-alpha');
        expect(again.callback.status).toBe(500);

        // 6. Alpha uninstalls: the Events API posts app_uninstalled; the installation is deleted.
        const uninstall = JSON.stringify({
          token: 'verification-token-deprecated', team_id: 'TALPHA', api_app_id: 'A0001', type: 'event_callback',
          event: { type: 'app_uninstalled', event_ts: '1700000000.000100' }, event_id: 'Ev0UNINSTALL1', event_time: 1700000000,
        });
        const ack = await postSigned(`${r.base}/slack/events`, SIGNING_SECRET, uninstall, { contentType: 'application/json' });
        expect(ack.status).toBe(200);
        await r.standin.waitFor(() => r.logs.some((l) => l.includes('app_uninstalled; deleted the installation of team TALPHA')), 'the uninstall');
        await expect(r.backend.store.fetchInstallation({ teamId: 'TALPHA', enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toThrow('no installation for T:TALPHA');

        // 7. Alpha's next command: answered through its response_url, politely, with no token used.
        const before = r.standin.apiCalls.length;
        const id = 'after-uninstall';
        const sent = await postSigned(`${r.base}/slack/events`, SIGNING_SECRET, slashBody({ text: 'help', team_id: 'TALPHA', response_url: r.standin.responseUrl(id) }));
        expect(sent.status).toBe(200);
        const reply = await r.standin.waitForResponse(id);
        expect(reply.body).toEqual({ response_type: 'ephemeral', text: expect.stringContaining('vram-bot is not installed in this workspace') });
        expect(r.standin.apiCalls.slice(before)).toEqual([]);
        // Beta is unaffected.
        expect(await commandVia(r, 'TBETA')).toBe(TOKEN_B);
        // No token or secret in any log line.
        for (const secret of [TOKEN_A, TOKEN_B, CLIENT_SECRET, STATE_SECRET]) expect(r.logs.join('\n')).not.toContain(secret);
      } finally {
        await stop(r);
      }
    }, 30_000);

    it('GIVEN a callback whose state is not the browser\'s cookie THEN nothing is exchanged or stored', async () => {
      const r = await start(make);
      try {
        const res = await fetch(`${r.base}/slack/install`, { redirect: 'manual' });
        const state = new URL(res.headers.get('location') ?? '').searchParams.get('state') ?? '';
        const cb = await fetch(`${r.base}/slack/oauth_redirect?code=code-alpha&state=${encodeURIComponent(state)}`, { headers: { cookie: 'slack-app-oauth-state=someone-else' } });
        expect(cb.status).toBe(400);
        expect(r.standin.callsTo('oauth.v2.access')).toEqual([]);
        await expect(r.backend.store.fetchInstallation({ teamId: 'TALPHA', enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toThrow('no installation');
      } finally {
        await stop(r);
      }
    });

    it('GIVEN tokens_revoked for the bot THEN the installation is deleted; for user tokens only THEN it is kept', async () => {
      const r = await start(make);
      try {
        expect((await install(r, 'code-beta')).callback.status).toBe(200);
        const event = (tokens: Record<string, string[]>, id: string): string => JSON.stringify({
          token: 't', team_id: 'TBETA', api_app_id: 'A0001', type: 'event_callback', event_id: id, event_time: 1700000000,
          event: { type: 'tokens_revoked', tokens, event_ts: '1700000000.000200' },
        });
        await postSigned(`${r.base}/slack/events`, SIGNING_SECRET, event({ oauth: ['UBOB'] }, 'Ev0REVOKE1'), { contentType: 'application/json' });
        await new Promise((res) => setTimeout(res, 200));
        await expect(r.backend.store.fetchInstallation({ teamId: 'TBETA', enterpriseId: undefined, isEnterpriseInstall: false })).resolves.toMatchObject({ bot: { token: TOKEN_B } });
        await postSigned(`${r.base}/slack/events`, SIGNING_SECRET, event({ bot: ['UBOTB'] }, 'Ev0REVOKE2'), { contentType: 'application/json' });
        await r.standin.waitFor(() => r.logs.some((l) => l.includes('tokens_revoked (bot token); deleted the installation of team TBETA')), 'the revocation');
        await expect(r.backend.store.fetchInstallation({ teamId: 'TBETA', enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toThrow('no installation');
      } finally {
        await stop(r);
      }
    });
  });
}

describe('OAuth distribution over two instances on one PostgreSQL', () => {
  pg.it('GIVEN the install started on A and the redirect landing on B THEN the installation is stored once and both instances answer with its token; an uninstall through B is seen by A', async () => {
    const url = await pg.freshDatabase();
    const standin = await newStandIn();
    const pgBackend = async (): Promise<Backend & { state: SharedState }> => {
      const r = await openPostgres(url, { pool: { connectionTimeoutMillis: 2000 } });
      if (!r.ok) throw new Error(r.reason);
      return { store: createInstallationStore(pgInstallationRows(r.pool, () => r.ready())), state: pgSharedState(r.pool, () => r.ready()), close: () => r.close() };
    };
    const ba = await pgBackend();
    const bb = await pgBackend();
    const a = await start(async () => ba, { standin, sharedState: ba.state });
    const b = await start(async () => bb, { standin, sharedState: bb.state });
    try {
      // The state is a JWT signed with the shared SLACK_STATE_SECRET: B verifies what A issued.
      expect((await install(a, 'code-alpha', b)).callback.status).toBe(200);
      expect(await commandVia(a, 'TALPHA')).toBe(TOKEN_A);
      expect(await commandVia(b, 'TALPHA')).toBe(TOKEN_A);
      const uninstall = JSON.stringify({
        token: 't', team_id: 'TALPHA', api_app_id: 'A0001', type: 'event_callback',
        event: { type: 'app_uninstalled', event_ts: '1700000000.000300' }, event_id: 'Ev0UNINSTALL2', event_time: 1700000000,
      });
      await postSigned(`${b.base}/slack/events`, SIGNING_SECRET, uninstall, { contentType: 'application/json' });
      // Slack's retry of the event to A: a second delivery, dropped there.
      await postSigned(`${a.base}/slack/events`, SIGNING_SECRET, uninstall, { contentType: 'application/json', headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
      await standin.waitFor(() => b.logs.some((l) => l.includes('deleted the installation of team TALPHA')), 'the uninstall on B');
      expect(a.logs.some((l) => l.includes("dropped Slack's retry 1 (http_timeout) of a request already running or answered"))).toBe(true);
      expect(a.logs.some((l) => l.includes('deleted the installation'))).toBe(false);
      const sent = await postSigned(`${a.base}/slack/events`, SIGNING_SECRET, slashBody({ text: 'help', team_id: 'TALPHA', response_url: standin.responseUrl('gone-on-a') }));
      expect(sent.status).toBe(200);
      expect((await standin.waitForResponse('gone-on-a')).body).toMatchObject({ text: expect.stringContaining('not installed in this workspace') });
    } finally {
      await a.adapter.stop();
      await b.adapter.stop();
      await standin.close();
      await ba.close();
      await bb.close();
    }
  }, 30_000);
});
