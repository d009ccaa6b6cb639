import { createAdminCache, needsAdminCheck, type UserFlags, type UsersInfo } from '../../adapters/slack/admins';
import { parseInvocation } from '../../commands/grammar';

const CTX = { platform: 'slack', teamId: 'T1', channelId: 'C1', userId: 'U1' } as const;
/** The admin check reads the invocation the text parses to; text that does not parse never runs. */
const needs = (text: string): boolean => { const p = parseInvocation(text, CTX); return p.ok && needsAdminCheck(p.value); };

const MIN = 60_000;

function setup(opts: { maxEntries?: number; timeoutMs?: number } = {}) {
  const clock = { t: 1_000_000 };
  const logs: string[] = [];
  const cache = createAdminCache({ log: (m) => logs.push(m), now: () => clock.t, ...opts });
  const asked: string[] = [];
  const flags = new Map<string, UserFlags | Error>();
  const usersInfo: UsersInfo = async (user) => {
    asked.push(user);
    const f = flags.get(user);
    if (f instanceof Error) throw f;
    return { user: f ?? {} };
  };
  return { clock, logs, cache, asked, flags, usersInfo };
}

describe('needsAdminCheck: which texts look up users.info', () => {
  test.each([
    'preset save name:x model:llama-3.1-8b', 'preset delete name:x', 'preset rename name:x to:y', 'preset pin name:x', 'preset unpin',
    'Preset DELETE x', 'presets rm x', 'preset mv x y', 'preset set name:x model:llama-3.1-8b', '  preset unpin  ',
    'accuracy forget:3', 'runs forget:12',
  ])('GIVEN %j THEN yes', (text) => {
    expect(needs(text)).toBe(true);
  });

  test.each([
    'preset', 'preset list', 'preset ls', 'preset show name:x', 'preset info x', 'preset:x batch:8', 'model:llama-3.1-8b preset:x',
    'gpus', 'models preset', 'help preset', 'model:llama-3.1-8b', '', 'accuracy', 'record measured:40 model:llama-3.1-8b', 'preset save name:"unterminated', // not parseable: dispatch refuses it too
  ])('GIVEN %j THEN no', (text) => {
    expect(needs(text)).toBe(false);
  });
});

describe('admin cache (users.info)', () => {
  test('GIVEN is_admin, is_owner or is_primary_owner THEN admin; GIVEN none THEN not', async () => {
    const s = setup();
    s.flags.set('UA', { is_admin: true }).set('UO', { is_owner: true }).set('UP', { is_primary_owner: true }).set('UM', { is_admin: false });
    expect(await s.cache.isAdmin('T1', 'UA', s.usersInfo)).toBe(true);
    expect(await s.cache.isAdmin('T1', 'UO', s.usersInfo)).toBe(true);
    expect(await s.cache.isAdmin('T1', 'UP', s.usersInfo)).toBe(true);
    expect(await s.cache.isAdmin('T1', 'UM', s.usersInfo)).toBe(false);
  });

  test('GIVEN an answer THEN it is reused for 10 minutes, per team and user, then asked again', async () => {
    const s = setup();
    s.flags.set('U1', { is_admin: true });
    await s.cache.isAdmin('T1', 'U1', s.usersInfo);
    s.clock.t += 10 * MIN - 1;
    expect(await s.cache.isAdmin('T1', 'U1', s.usersInfo)).toBe(true);
    expect(s.asked).toEqual(['U1']);
    await s.cache.isAdmin('T2', 'U1', s.usersInfo);
    expect(s.asked).toEqual(['U1', 'U1']);
    s.clock.t += 1;
    s.flags.set('U1', {});
    expect(await s.cache.isAdmin('T1', 'U1', s.usersInfo)).toBe(false);
    expect(s.asked).toEqual(['U1', 'U1', 'U1']);
  });

  test('GIVEN concurrent lookups for one user THEN one users.info call', async () => {
    const s = setup();
    s.flags.set('U1', { is_owner: true });
    const all = await Promise.all([1, 2, 3].map(() => s.cache.isAdmin('T1', 'U1', s.usersInfo)));
    expect(all).toEqual([true, true, true]);
    expect(s.asked).toEqual(['U1']);
  });

  test('GIVEN the size bound THEN expired entries go first, then the oldest; the map never exceeds it', async () => {
    const s = setup({ maxEntries: 3 });
    for (const u of ['U1', 'U2', 'U3']) await s.cache.isAdmin('T', u, s.usersInfo);
    expect(s.cache.size).toBe(3);
    await s.cache.isAdmin('T', 'U4', s.usersInfo); // evicts U1, the oldest
    expect(s.cache.size).toBe(3);
    s.asked.length = 0;
    await s.cache.isAdmin('T', 'U2', s.usersInfo);
    await s.cache.isAdmin('T', 'U1', s.usersInfo);
    expect(s.asked).toEqual(['U1']);
    for (let i = 0; i < 100; i += 1) await s.cache.isAdmin('T', `X${i}`, s.usersInfo);
    expect(s.cache.size).toBe(3);
  });

  test('GIVEN a full map with expired entries THEN all expired ones go at once, live ones stay', async () => {
    const s = setup({ maxEntries: 3 });
    await s.cache.isAdmin('T', 'A', s.usersInfo);
    await s.cache.isAdmin('T', 'B', s.usersInfo);
    s.clock.t += 6 * MIN;
    await s.cache.isAdmin('T', 'C', s.usersInfo);
    s.clock.t += 5 * MIN; // A and B have expired; C has not
    await s.cache.isAdmin('T', 'D', s.usersInfo);
    expect(s.cache.size).toBe(2);
    s.asked.length = 0;
    for (const u of ['C', 'D']) await s.cache.isAdmin('T', u, s.usersInfo);
    expect(s.asked).toEqual([]);
  });

  test('GIVEN users.info fails THEN not an admin, the failure is logged, and it is not cached', async () => {
    const s = setup();
    s.flags.set('U1', Object.assign(new Error('An API error occurred: ratelimited'), { code: 'slack_webapi_platform_error' }));
    expect(await s.cache.isAdmin('T1', 'U1', s.usersInfo)).toBe(false);
    expect(s.logs.join('\n')).toMatch(/users\.info failed for user U1 \(team T1\); treating them as not a workspace admin/);
    s.flags.set('U1', { is_admin: true });
    expect(await s.cache.isAdmin('T1', 'U1', s.usersInfo)).toBe(true);
    expect(s.asked).toEqual(['U1', 'U1']);
  });

  test('GIVEN users.info answers without a user THEN not an admin, logged', async () => {
    const s = setup();
    expect(await s.cache.isAdmin('T1', 'U1', async () => ({}))).toBe(false);
    expect(s.logs).toHaveLength(1);
  });

  test('GIVEN a users.info slower than the deadline THEN not an admin this time (logged), and the late answer is cached', async () => {
    const s = setup({ timeoutMs: 30 });
    let release: (() => void) | undefined;
    const slow: UsersInfo = () => new Promise((resolve) => { release = () => resolve({ user: { is_admin: true } }); });
    expect(await s.cache.isAdmin('T1', 'U1', slow)).toBe(false);
    expect(s.logs.join('\n')).toMatch(/took over 30 ms/);
    release?.();
    await new Promise((r) => setImmediate(r));
    expect(await s.cache.isAdmin('T1', 'U1', s.usersInfo)).toBe(true);
    expect(s.asked).toEqual([]);
  });
});
