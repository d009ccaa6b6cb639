/**
 * Reply actions as buttons, and the chart as an attachment, end to end: the real client against
 * the stand-in. A click is INTERACTION_CREATE type 3 (MESSAGE_COMPONENT) with `data.custom_id`
 * and the `message` the button is on; the chart arrives as multipart `files[0]` beside
 * `payload_json`, and the embed shows it through `attachment://vram-chart.png`.
 */
import { ACTION_ID_PREFIX } from '../../adapters/discord/actions';
import { dispatch } from '../../commands/registry';
import type { Invocation } from '../../commands/types';
import type { Reply } from '../../src/reply/types';
import { seenText, startHarness, type Harness } from './harness';
import type { SeenMessage } from './standin';
import { member, messageObject, type Json, type OptionInput } from './standin-payloads';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CLICKER = member('777777777777777777', 'clicker');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const buttonsOf = (m: SeenMessage): Json[] => m.components.flatMap((r) => (r.components ?? []) as Json[]);
const embed = (m: SeenMessage): Json => m.embeds[0] ?? {};
const ESTIMATE = { model: 'llama-3.1-8b', lora: true, gpu: 'rtx4090' } as const;

/** Runs the estimate and returns its answer and the message object the button is on. */
async function estimate(h: Harness, options: Record<string, string | number | boolean> = ESTIMATE): Promise<{ m: SeenMessage; message: Json; customId: string }> {
  const run = h.standin.runCommand('vram', options);
  const m = await run.seen;
  const customId = String(buttonsOf(m)[0]?.custom_id ?? '');
  if (!run.record.original) throw new Error('no original message');
  return { m, message: run.record.original, customId };
}

describe('discord buttons: reply actions', () => {
  let h: Harness;
  const calls: Invocation[] = [];
  beforeAll(async () => {
    h = await startHarness({ handle: (inv) => { calls.push(inv); return dispatch(inv, {}); } });
  });
  afterAll(async () => { await h.stop(); });
  afterEach(() => { expect(h.standin.violations).toEqual([]); });

  test('GIVEN an estimate THEN a secondary "Show the math" button whose custom_id is a short id, not the command', async () => {
    const { m, customId } = await estimate(h);
    expect(m.components).toHaveLength(1);
    expect(m.components[0]).toMatchObject({ type: 1 });
    expect(buttonsOf(m)).toEqual([{ type: 2, style: 2, label: 'Show the math', custom_id: customId }]);
    expect(customId.startsWith(ACTION_ID_PREFIX)).toBe(true);
    expect(customId.length).toBeLessThanOrEqual(100);
    expect(customId).not.toContain('model:');
  });

  test('GIVEN another member clicks THEN the math runs for them and only they see it, answered inside 3 s', async () => {
    const { customId, message } = await estimate(h);
    calls.length = 0;
    const click = h.standin.clickButton(customId, message, { member: CLICKER });
    const m = await click.seen;
    expect(click.record.callbacks[0]).toMatchObject({ type: 4 });
    expect(click.record.callbacks[0]?.afterMs).toBeLessThan(3000);
    expect(m).toMatchObject({ via: 'reply', ephemeral: true });
    expect(seenText(m)).toContain('The math');
    expect(calls).toHaveLength(1);
    // The button carried the estimate's canonical keys with how and private, and preset:none.
    expect(calls[0]).toMatchObject({ command: 'estimate', args: { model: 'llama-3.1-8b', method: 'lora', preset: 'none' }, flags: { how: true, private: true } });
    expect(calls[0]?.context).toMatchObject({ platform: 'discord', userId: CLICKER.id, isAdmin: false });
  });

  test('GIVEN the same button clicked twice (two members) THEN both get the math (a button is not used up)', async () => {
    const { customId, message } = await estimate(h);
    expect(seenText(await h.standin.clickButton(customId, message).seen)).toContain('The math');
    expect(seenText(await h.standin.clickButton(customId, message, { member: CLICKER }).seen)).toContain('The math');
  });

  test('GIVEN a button the bot no longer remembers (e.g. from before a restart) THEN a polite private "expired, run it again", and nothing runs', async () => {
    const stale = messageObject('1', '1', { components: [{ type: 1, components: [{ type: 2, style: 2, label: 'Show the math', custom_id: `${ACTION_ID_PREFIX}gone` }] }] });
    calls.length = 0;
    const m = await h.standin.clickButton(`${ACTION_ID_PREFIX}gone`, stale).seen;
    expect(m.ephemeral).toBe(true);
    expect(embed(m).title).toBe('This button has expired');
    expect(seenText(m)).toMatch(/run the command again/);
    expect(calls).toEqual([]);
  });

  test('GIVEN a reply with many actions THEN at most 5 rows of 5 buttons, labels within 80 characters (Discord accepts it)', async () => {
    const many: Reply = {
      title: 'many', severity: 'info', fields: [], sections: [], notes: [], visibility: 'channel',
      actions: Array.from({ length: 30 }, (_, i) => ({ id: `a${i}`, label: `${'L'.repeat(100)}${i}`, invocation: { command: 'help', args: { filler: 'x'.repeat(300) }, flags: { private: false, how: false } } })),
    };
    const h2 = await startHarness({ handle: () => Promise.resolve(many) });
    try {
      const m = await h2.standin.runCommand('vram', { model: 'x' }).seen;
      expect(m.components).toHaveLength(5);
      expect(buttonsOf(m)).toHaveLength(25);
      expect(h2.standin.violations).toEqual([]);
    } finally {
      await h2.stop();
    }
  });
});

describe('discord buttons: lifetime and the 3-second rule', () => {
  test('GIVEN a button older than its lifetime THEN the polite "expired" answer', async () => {
    const h = await startHarness({ buttons: { ttlMs: 150 } });
    try {
      const { customId, message } = await estimate(h);
      await sleep(200);
      const m = await h.standin.clickButton(customId, message).seen;
      expect(m.ephemeral).toBe(true);
      expect(embed(m).title).toBe('This button has expired');
      expect(h.standin.violations).toEqual([]);
    } finally {
      await h.stop();
    }
  });

  test('GIVEN the math is slow THEN an ephemeral deferral inside 3 s, then the edit with the math and its chart', async () => {
    const h = await startHarness({
      deferAfterMs: 100,
      handle: async (inv) => { if (inv.flags.how) await sleep(300); return dispatch(inv, {}); },
    });
    try {
      const { customId, message } = await estimate(h);
      const click = h.standin.clickButton(customId, message, { member: CLICKER });
      const m = await click.seen;
      expect(click.record.events).toEqual(['callback:5', 'edit']);
      expect(click.record.callbacks[0]?.afterMs).toBeLessThan(3000);
      expect(click.record.deferredEphemeral).toBe(true);
      expect(m).toMatchObject({ via: 'edit', ephemeral: true });
      expect(seenText(m)).toContain('The math');
      expect(m.files[0]?.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(h.standin.violations).toEqual([]);
    } finally {
      await h.stop();
    }
  });
});

describe('discord chart: the PNG attached to estimate replies', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(); });
  afterAll(async () => { await h.stop(); });
  afterEach(() => { expect(h.standin.violations).toEqual([]); });

  test('GIVEN an estimate THEN a multipart reply: the PNG bytes as files[0], alt text, and the embed showing attachment://vram-chart.png', async () => {
    const run = h.standin.runCommand('vram', ESTIMATE);
    const m = await run.seen;
    expect(run.record.multipart).toEqual([true]);
    expect(run.record.callbacks[0]?.afterMs).toBeLessThan(3000);
    expect(m.via).toBe('reply');
    expect(m.files).toHaveLength(1);
    const file = m.files[0];
    expect(file).toMatchObject({ key: 'files[0]', filename: 'vram-chart.png', contentType: 'image/png' });
    expect(file?.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(file?.data.length).toBeGreaterThan(10_000);
    expect(file?.description).toMatch(/^Llama 3\.1 8B · LoRA: [\d.]+ GiB against rtx4090 \([\d.]+ GiB\), stacked by component$/);
    expect(embed(m).image).toEqual({ url: 'attachment://vram-chart.png' });
    expect(seenText(m)).toContain('Weights'); // the text is all there too
    const attachments = (run.record.original?.attachments ?? []) as Json[];
    expect(attachments).toEqual([expect.objectContaining({ filename: 'vram-chart.png', size: file?.data.length, content_type: 'image/png' })]);
  });

  test('GIVEN a reply without a chart (help, errors) THEN plain JSON, no files, no image', async () => {
    for (const options of [{ model: 'help' }, { model: 'llama-3.1-8b', more: 'optimizer:adam9' }] as OptionInput[]) {
      const run = h.standin.runCommand('vram', options);
      const m = await run.seen;
      expect(run.record.multipart).toEqual([false]);
      expect(m.files).toEqual([]);
      expect(embed(m).image).toBeUndefined();
      expect(m.components).toEqual([]);
    }
  });

  test('GIVEN a slow estimate THEN the deferred edit uploads the chart (multipart PATCH); a private one replaces the placeholder with a follow-up that carries it', async () => {
    const slow = await startHarness({ deferAfterMs: 100, handle: async (inv) => { await sleep(300); return dispatch(inv, {}); } });
    try {
      const pub = slow.standin.runCommand('vram', ESTIMATE);
      const m = await pub.seen;
      expect(pub.record.events).toEqual(['callback:5', 'edit']);
      expect(m.files[0]?.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(embed(m).image).toEqual({ url: 'attachment://vram-chart.png' });
      expect(buttonsOf(m).map((b) => b.label)).toEqual(['Show the math']);

      const priv = slow.standin.runCommand('vram', { ...ESTIMATE, more: 'private:true' });
      const p = await priv.seen;
      expect(priv.record.events).toEqual(['callback:5', 'delete', 'followup']);
      expect(p).toMatchObject({ via: 'followup', ephemeral: true });
      expect(p.files[0]?.filename).toBe('vram-chart.png');
      expect(slow.standin.violations).toEqual([]);
    } finally {
      await slow.stop();
    }
  });
});
