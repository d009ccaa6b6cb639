/**
 * Preset permissions over the real Slack adapter (HTTP, Bolt on loopback), with the process's
 * handler (`createHandler` with ADMIN_USER_IDS) over the in-memory store. Workspace admins come
 * from `users.info` at the Web API stand-in: for every protected action, a member who is not the
 * author is refused with the reason, and the author, a workspace admin and a configured admin
 * are allowed.
 */
import { createMemoryPresetStore } from '../../src/store/memory';
import { TEAM_OWNER, type PresetStore } from '../../src/store/presets';
import { messageText } from './support/blocks';
import { BOT_TOKEN, startHttpHarness, type HttpHarness } from './support/harness';

const TEAM = 'T0PERM';
const AUTHOR = 'U0AUTHOR';
const ACTORS = {
  other: { id: 'U0OTHER', allowed: false, isAdmin: false },
  author: { id: AUTHOR, allowed: true, isAdmin: false },
  'workspace admin': { id: 'U0WSADMIN', allowed: true, isAdmin: true },
  'ADMIN_USER_IDS admin': { id: 'U0CONFADMIN', allowed: true, isAdmin: false },
} as const;
type ActorName = keyof typeof ACTORS;

let h: HttpHarness;
let store: PresetStore;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => { unhandled.push(reason); };

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  store = createMemoryPresetStore();
  h = await startHttpHarness({
    core: { presets: { ok: true, store }, admins: [ACTORS['ADMIN_USER_IDS admin'].id] },
    rateLimit: { capacity: 1000, windowMs: 60_000 },
  });
  h.standin.users.set(ACTORS['workspace admin'].id, { is_admin: true });
});

afterAll(async () => {
  await h.stop();
  await store.close();
  process.off('unhandledRejection', onUnhandled);
});

async function as(userId: string, text: string, channel: string): Promise<{ text: string; private: boolean }> {
  const { message } = await h.ask(text, { user_id: userId, team_id: TEAM, channel_id: channel });
  return { text: messageText(message), private: message.response_type === 'ephemeral' };
}

const teamPreset = (name: string) => store.get({ teamId: TEAM, ownerId: TEAM_OWNER, name });

interface ProtectedAction {
  /** The word in the refusal: "Only the author ... can <verb> `name`". */
  readonly verb: string;
  /** What the author does first (after saving the preset). */
  readonly setup?: (name: string) => string;
  readonly text: (name: string) => string;
  readonly done: string;
  /** Checks the store: changed when allowed, untouched when refused. */
  check(name: string, channel: string, allowed: boolean): Promise<void>;
}

const ACTIONS: Record<string, ProtectedAction> = {
  'save over an existing name': {
    verb: 'overwrite',
    text: (n) => `preset save name:${n} model:llama-3.1-8b lora:true rank:64`,
    done: 'Updated team preset',
    async check(n, _c, allowed) {
      const p = await teamPreset(n);
      expect(p?.args).toContain(allowed ? 'rank:64' : 'rank:32');
      expect(p?.authorId).toBe(AUTHOR);
    },
  },
  delete: {
    verb: 'delete',
    text: (n) => `preset delete name:${n}`,
    done: 'Deleted team preset',
    async check(n, _c, allowed) {
      expect(await teamPreset(n)).toEqual(allowed ? null : expect.objectContaining({ name: n }));
    },
  },
  rename: {
    verb: 'rename',
    text: (n) => `preset rename name:${n} to:${n}-2`,
    done: 'Renamed team preset',
    async check(n, _c, allowed) {
      expect(await teamPreset(n)).toEqual(allowed ? null : expect.objectContaining({ name: n }));
      expect(await teamPreset(`${n}-2`)).toEqual(allowed ? expect.objectContaining({ authorId: AUTHOR }) : null);
    },
  },
  pin: {
    verb: 'pin',
    text: (n) => `preset pin name:${n}`,
    done: 'Pinned',
    async check(n, c, allowed) {
      const pin = await store.getPin(TEAM, c);
      expect(pin?.preset.name ?? null).toBe(allowed ? n : null);
    },
  },
  unpin: {
    verb: 'unpin',
    setup: (n) => `preset pin name:${n}`,
    text: () => 'preset unpin',
    done: 'Unpinned',
    async check(n, c, allowed) {
      const pin = await store.getPin(TEAM, c);
      expect(pin?.preset.name ?? null).toBe(allowed ? null : n);
    },
  },
};

const matrix = Object.keys(ACTIONS).flatMap((action) => (Object.keys(ACTORS) as ActorName[]).map((actor) => [action, actor] as const));

describe('slack preset permissions: every protected action, every kind of caller', () => {
  test.each(matrix)('GIVEN %s by the %s THEN allowed or refused with the reason', async (actionName, actorName) => {
    const action = ACTIONS[actionName];
    const actor = ACTORS[actorName];
    if (!action) throw new Error(actionName);
    const slug = `${actionName.split(' ')[0]}-${actor.id.slice(2).toLowerCase()}`;
    const name = `p-${slug}`;
    const channel = `C-${slug}`;
    const saved = await as(AUTHOR, `preset save name:${name} model:llama-3.1-8b lora:true rank:32`, channel);
    expect(saved.text).toContain('Saved team preset');
    if (action.setup) expect((await as(AUTHOR, action.setup(name), channel)).private).toBe(false);

    const seen = await as(actor.id, action.text(name), channel);
    const ctx = h.calls.at(-1)?.ctx;
    expect(ctx).toMatchObject({ platform: 'slack', teamId: TEAM, channelId: channel, userId: actor.id, isAdmin: actor.isAdmin });
    if (actor.allowed) {
      expect(seen.private).toBe(false);
      expect(seen.text).toContain(action.done);
      expect(seen.text).not.toContain('Not allowed');
    } else {
      expect(seen.private).toBe(true);
      expect(seen.text).toContain('Not allowed');
      expect(seen.text).toContain(`Only the author <@${AUTHOR}> or a workspace admin can ${action.verb} \`${name}\``);
    }
    await action.check(name, channel, actor.allowed);
  });
});

describe('slack preset permissions: the users.info lookup', () => {
  const infoCalls = (user: string) => h.standin.callsTo('users.info').filter((c) => c.body.user === user);

  test('GIVEN a protected action THEN users.info is asked about the caller, with the bot token', async () => {
    await as('U0ASKED', 'preset delete name:nothing-here', 'C-asked');
    const calls = infoCalls('U0ASKED');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
  });

  test('GIVEN commands that need no admin rights THEN no users.info call, and isAdmin is not set', async () => {
    const user = 'U0READER';
    const before = h.calls.length;
    for (const text of ['gpus', 'preset list', 'preset show name:whatever', 'preset', 'model:llama-3.1-8b', 'preset:whatever batch:8', 'help']) {
      await as(user, text, 'C-reader');
    }
    expect(infoCalls(user)).toHaveLength(0);
    const ctxs = h.calls.slice(before).map((c) => c.ctx);
    expect(ctxs).toHaveLength(7);
    for (const ctx of ctxs) expect(ctx.isAdmin).toBeUndefined();
  });

  test('GIVEN two protected actions within 10 minutes THEN one users.info call; after 10 minutes, another', async () => {
    const user = 'U0CACHED';
    await as(user, 'preset unpin', 'C-cache');
    await as(user, 'preset delete name:nope', 'C-cache');
    expect(infoCalls(user)).toHaveLength(1);
    h.clock.t += 10 * 60_000 + 1;
    await as(user, 'preset unpin', 'C-cache');
    expect(infoCalls(user)).toHaveLength(2);
  });

  test('GIVEN is_owner or is_primary_owner THEN the user may manage anyone\'s preset', async () => {
    h.standin.users.set('U0OWNER', { is_owner: true }).set('U0PRIMARY', { is_primary_owner: true });
    await as(AUTHOR, 'preset save name:owned model:llama-3.1-8b', 'C-owner');
    expect((await as('U0OWNER', 'preset rename name:owned to:owned-2', 'C-owner')).text).toContain('Renamed team preset');
    expect((await as('U0PRIMARY', 'preset delete name:owned-2', 'C-owner')).text).toContain('Deleted team preset');
  });

  test('GIVEN users.info fails THEN the failure is logged, the caller counts as not an admin (refused with the reason), and the bot keeps answering', async () => {
    h.standin.users.set('U0BROKEN', { error: 'fatal_error' });
    await as(AUTHOR, 'preset save name:guarded model:llama-3.1-8b', 'C-broken');
    const seen = await as('U0BROKEN', 'preset delete name:guarded', 'C-broken');
    expect(seen.private).toBe(true);
    expect(seen.text).toContain(`Only the author <@${AUTHOR}> or a workspace admin can delete \`guarded\``);
    expect(h.calls.at(-1)?.ctx.isAdmin).toBe(false);
    expect(h.logs.join('\n')).toMatch(/users\.info failed for user U0BROKEN \(team T0PERM\); treating them as not a workspace admin.*fatal_error/);
    expect(await teamPreset('guarded')).not.toBeNull();
    expect((await as('U0BROKEN', 'gpus', 'C-broken')).text).toContain('GPU catalog');
    expect(unhandled).toEqual([]);
  });

  test('GIVEN a slow users.info THEN the ack still comes at once; the reply waits for the lookup and uses it', async () => {
    const original = h.standin.api['users.info'];
    if (!original) throw new Error('no users.info');
    h.standin.users.set('U0SLOWADMIN', { is_admin: true });
    h.standin.api['users.info'] = async (body, headers) => {
      await new Promise((r) => setTimeout(r, 1200));
      return original(body, headers);
    };
    try {
      await as(AUTHOR, 'preset save name:slow-one model:llama-3.1-8b', 'C-slow');
      const ack = await h.send('preset delete name:slow-one', { user_id: 'U0SLOWADMIN', team_id: TEAM, channel_id: 'C-slow' });
      expect(ack.status).toBe(200);
      expect(ack.ms).toBeLessThan(800);
      const got = await h.standin.waitForResponse(ack.id);
      expect(got.at - (infoCalls('U0SLOWADMIN')[0]?.at ?? Infinity)).toBeGreaterThanOrEqual(1000);
      expect(messageText(got.body)).toContain('Deleted team preset');
    } finally {
      h.standin.api['users.info'] = original;
    }
  });
});
