/**
 * Malformed gateway payloads never take the process down. discord.js builds its interaction
 * object straight from the INTERACTION_CREATE packet and throws, inside its WebSocket listener,
 * on `data.options` that is not an array, a missing `data`, or neither `member` nor `user`: an
 * uncaught exception (exit 1 for the whole process, Slack included). The guard (`guard.ts`)
 * catches each, logs it with an error id and the interaction id, answers the interaction over
 * REST when it still has a usable id and token, and drops (and logs) one that has not. The
 * client stays connected and answers the next normal command.
 */
import { startHarness, seenText, type Harness } from './harness';
import type { InteractionRecord } from './standin';
import type { Json } from './standin-payloads';

const data = (p: Json): Json => p.data as Json;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('discord guard: malformed gateway payloads', () => {
  let h: Harness;
  const uncaught: unknown[] = [];
  const onErr = (e: unknown): void => { uncaught.push(e); };
  beforeAll(async () => {
    process.on('uncaughtException', onErr);
    process.on('unhandledRejection', onErr);
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
    process.off('uncaughtException', onErr);
    process.off('unhandledRejection', onErr);
  });
  afterEach(() => {
    expect(uncaught).toEqual([]);
    expect(h.standin.violations).toEqual([]);
  });

  /** The answer the guard sent: a private "Something went wrong" with the error id that is also logged, with the interaction's id. */
  async function expectFailureAnswer(rec: InteractionRecord, reason: RegExp): Promise<void> {
    await h.standin.settled(rec, 4000);
    const cb = rec.callbacks[0];
    expect(cb).toMatchObject({ type: 4 });
    expect(cb?.afterMs).toBeLessThan(3000);
    const body = cb?.data ?? {};
    expect(Number(body.flags) & 64).toBe(64);
    const embed = (body.embeds as Json[] | undefined)?.[0] ?? {};
    expect(embed.title).toBe('Something went wrong');
    const id = /error id `([0-9a-z]+)`/.exec(String(embed.description))?.[1] ?? 'none';
    const line = h.entries.find((e) => e.msg.includes(`(error id ${id})`));
    expect(line?.msg).toMatch(reason);
    expect(line?.fields?.reqId).toBe(rec.id);
  }

  test('GIVEN data.options that is not an array THEN a private failure answer, logged with its error id and request id', async () => {
    const { record } = h.standin.rawInteraction(2, (p) => ({ ...p, data: { ...data(p), options: { model: 'llama-3.1-8b' } } }));
    await expectFailureAnswer(record, /malformed interaction payload: `data\.options` is not an array/);
  });

  test('GIVEN no data at all THEN a private failure answer', async () => {
    const { record } = h.standin.rawInteraction(2, ({ data: _gone, ...p }) => p);
    await expectFailureAnswer(record, /`data` is missing/);
  });

  test('GIVEN neither member nor user THEN a private failure answer', async () => {
    const { record } = h.standin.rawInteraction(2, ({ member: _m, user: _u, ...p }) => p);
    await expectFailureAnswer(record, /no user \(neither `member\.user` nor `user`\)/);
  });

  test('GIVEN options nested wrongly inside a subcommand THEN a private failure answer', async () => {
    const { record } = h.standin.rawInteraction(2, (p) => ({ ...p, data: { ...data(p), name: 'vram-preset', options: [{ name: 'save', type: 1, options: 'name:x' }] } }));
    await expectFailureAnswer(record, /`data\.options\[0\]\.options` is not an array/);
  });

  test('GIVEN a payload discord.js itself cannot read (permissions that are not a number) THEN the throw is caught and answered', async () => {
    const { record } = h.standin.rawInteraction(2, (p) => ({ ...p, member: { ...(p.member as Json), permissions: 'lots' } }));
    await expectFailureAnswer(record, /discord\.js could not read it/);
  });

  test('GIVEN a button click without data THEN a private failure answer', async () => {
    const { record } = h.standin.rawInteraction(3, ({ data: _gone, ...p }) => p);
    await expectFailureAnswer(record, /`data` is missing/);
  });

  test('GIVEN autocomplete with options that are not an array THEN no choices (type 8), never a crash', async () => {
    const { record } = h.standin.rawInteraction(4, (p) => ({ ...p, data: { ...data(p), options: 'qwen' } }));
    await h.standin.settled(record, 4000);
    expect(record.callbacks).toEqual([expect.objectContaining({ type: 8, data: { choices: [] } })]);
  });

  test('GIVEN a command type discord.js passes over without a word THEN the polite "cannot answer that"', async () => {
    const { record } = h.standin.rawInteraction(2, (p) => ({ ...p, data: { ...data(p), type: 99 } }));
    await h.standin.settled(record, 4000);
    const embed = ((record.callbacks[0]?.data?.embeds ?? []) as Json[])[0] ?? {};
    expect(embed.title).toBe('I cannot answer that');
    expect(Number(record.callbacks[0]?.data?.flags) & 64).toBe(64);
  });

  test('GIVEN payloads without a usable id and token (or not objects at all) THEN dropped and logged, nothing sent', async () => {
    const before = h.entries.length;
    const cases: ((p: Json) => unknown)[] = [
      ({ token: _t, ...p }) => p,
      (p) => ({ ...p, id: 12345 }),
      (p) => ({ ...p, token: '../../users/@me' }),
      (p) => ({ ...p, type: 1 }), // PING: never sent over the gateway
      () => null,
      () => 'INTERACTION',
      () => [1, 2, 3],
    ];
    const records = cases.map((edit) => h.standin.rawInteraction(2, edit).record);
    for (let i = 0; i < 100 && h.entries.slice(before).filter((e) => /dropped an interaction payload/.test(e.msg)).length < cases.length; i++) await sleep(20);
    expect(h.entries.slice(before).filter((e) => /dropped an interaction payload/.test(e.msg))).toHaveLength(cases.length);
    await sleep(100);
    for (const r of records) expect(r.events).toEqual([]);
  });

  test('GIVEN all of the above THEN the client is still connected and answers a normal command', async () => {
    expect(h.bot.ready()).toBe(true);
    expect(h.standin.gateway.connected).toBe(true);
    const m = await h.standin.runCommand('vram', { model: 'llama-3.1-8b', lora: true }).seen;
    expect(seenText(m)).toContain('Llama 3.1 8B');
    expect(h.standin.identifies).toHaveLength(1); // never reconnected
  });
});
