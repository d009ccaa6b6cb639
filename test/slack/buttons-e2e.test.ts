/**
 * End to end, HTTP mode: the "Show the math" button. An estimate reply carries it; a click is a
 * signed `block_actions` interaction (form field `payload`) that Bolt verifies; the button's
 * command runs for the person who clicked, and the answer goes to them alone through the
 * action's response_url.
 */
import { buttons, limitViolations, messageText, type PostedButton } from './support/blocks';
import { BOT_TOKEN, SIGNING_SECRET, startHttpHarness, type HttpHarness } from './support/harness';
import { slackSignature } from './support/sign';

let h: HttpHarness;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => { unhandled.push(reason); };

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  h = await startHttpHarness();
});

afterAll(async () => {
  await h.stop();
  process.off('unhandledRejection', onUnhandled);
});

const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The estimate's "Show the math" button, as the channel received it. */
async function mathButton(text = 'model:llama-3.1-8b lora:true gpu:rtx4090', channel = 'C0001'): Promise<PostedButton> {
  const { message } = await h.ask(text, { channel_id: channel });
  const b = buttons(message).find((x) => x.action_id === 'vram_action:how');
  if (!b) throw new Error('no Show the math button');
  return b;
}

describe('slack buttons: rendering on a real estimate', () => {
  test('GIVEN an estimate THEN its last block is a "Show the math" button whose value is the canonical command plus how:true private:true', async () => {
    const { message } = await h.ask('model:llama-3.1-8b lora:true gpu:rtx4090');
    expect(message.response_type).toBe('in_channel');
    const last = (message.blocks ?? []).at(-1) as { type?: string } | undefined;
    expect(last?.type).toBe('actions');
    const [b, ...more] = buttons(message);
    expect(more).toEqual([]);
    expect(b?.action_id).toBe('vram_action:how');
    expect(b?.text.text).toBe('Show the math');
    // The value is the invocation to run: the canonical estimate with how and private.
    const value = JSON.parse(b?.value ?? '{}') as { command: string; args: Record<string, unknown>; flags: Record<string, boolean> };
    expect(value).toMatchObject({ command: 'estimate', args: { model: 'llama-3.1-8b', method: 'lora', gpu: 'rtx4090', preset: 'none' }, flags: { how: true, private: true } });
    expect((b?.value ?? '').length).toBeLessThanOrEqual(2000);
    expect(limitViolations(message)).toEqual([]);
  });

  test('GIVEN listings and errors THEN no buttons', async () => {
    for (const text of ['gpus', 'model:llama-3.1-8b optimizer:adam9']) expect(buttons((await h.ask(text)).message)).toEqual([]);
  });
});

describe('slack buttons: clicks', () => {
  test('GIVEN a signed block_actions click on "Show the math" THEN an empty 200 ack, then an ephemeral new message with the math, for the clicker', async () => {
    const charts = (): number => h.standin.callsTo('files.completeUploadExternal').filter((c) => c.body.channel_id === 'C0MATH').length;
    const b = await mathButton(undefined, 'C0MATH');
    // The estimate itself was public: its chart follows the text; let that finish first.
    await h.standin.waitFor(() => charts() === 1, 'the estimate\'s chart');
    const { ack, message } = await h.click(b.value ?? '', { action_id: b.action_id, user_id: 'U0CLICKER', channel_id: 'C0MATH', team_id: 'T0001' });
    expect(ack.status).toBe(200);
    expect(ack.body).toBe('');
    expect(ack.ms).toBeLessThan(1000);
    expect(message.response_type).toBe('ephemeral');
    expect(message.replace_original).toBe(false);
    const text = messageText(message);
    expect(text).toContain('The math');
    expect(text).toMatch(/Weights = /);
    expect(buttons(message)).toEqual([]); // the math reply has no "Show the math" of its own
    expect(limitViolations(message)).toEqual([]);
    const last = h.calls.at(-1);
    expect(last?.ctx).toEqual({ platform: 'slack', teamId: 'T0001', channelId: 'C0MATH', userId: 'U0CLICKER' });
    const sent = JSON.parse(b.value ?? '{}') as { command: string; args: Record<string, unknown>; flags: Record<string, boolean> };
    expect(last?.inv).toMatchObject({ command: sent.command, flags: sent.flags });
    expect(last?.inv.args).toEqual(sent.args);
    // Private: no chart goes to the channel.
    await settle(300);
    expect(charts()).toBe(1);
  });

  test('GIVEN a button from before invocations (its value `/vram` text) THEN it still runs, for the clicker', async () => {
    const { message } = await h.click('model:llama-3.1-8b lora:true how:true private:true preset:none', { user_id: 'U0OLD' });
    expect(message.response_type).toBe('ephemeral');
    expect(messageText(message)).toContain('The math');
  });

  test('GIVEN a button value that is JSON but no invocation THEN a private error, nothing runs', async () => {
    const before = h.handled.n;
    const { message } = await h.click(JSON.stringify({ command: 'rm -rf', args: {} }), { user_id: 'U0ODD' });
    expect(message.response_type).toBe('ephemeral');
    expect(messageText(message)).toMatch(/no command I can run/);
    expect(h.handled.n).toBe(before);
  });

  test('GIVEN a button whose command would answer in the channel THEN the click is still answered privately', async () => {
    const { message } = await h.click('model:llama-3.1-8b lora:true', { user_id: 'U0PUBLIC' });
    expect(message.response_type).toBe('ephemeral');
    expect(messageText(message)).toContain('Llama 3.1 8B');
  });

  test('GIVEN a forged signature on an interaction THEN 401, nothing is dispatched and nothing is posted', async () => {
    const before = h.handled.n;
    const r = await h.sendClick('model:llama-3.1-8b how:true private:true', {}, { signature: slackSignature('0000000000000000deadbeefdeadbeef', Math.floor(Date.now() / 1000), 'x') });
    expect(r.status).toBe(401);
    await settle(100);
    expect(h.standin.responses.has(r.id)).toBe(false);
    expect(h.handled.n).toBe(before);
  });

  test('GIVEN a correctly signed interaction over 5 minutes old THEN 401', async () => {
    const before = h.handled.n;
    const r = await h.sendClick('gpus', {}, { timestamp: Math.floor(Date.now() / 1000) - 5 * 60 - 30 });
    expect(r.status).toBe(401);
    expect(h.handled.n).toBe(before);
  });

  test('GIVEN the action\'s response_url fails THEN the answer goes to the clicker by chat.postEphemeral, and it is logged', async () => {
    const posts = h.standin.callsTo('chat.postEphemeral').length;
    const id = `a-fail-${Date.now()}`;
    h.standin.respondStatus.set(id, 500);
    // The harness picks response_url ids itself; give this click one that fails.
    const r = await h.sendClick('gpus', { user_id: 'U0UNLUCKY', channel_id: 'C0CLICK', response_url: h.standin.responseUrl(id) });
    expect(r.status).toBe(200);
    await h.standin.waitFor(() => h.standin.callsTo('chat.postEphemeral').length > posts, 'chat.postEphemeral');
    const call = h.standin.callsTo('chat.postEphemeral').at(-1);
    expect(call?.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(call?.body).toMatchObject({ channel: 'C0CLICK', user: 'U0UNLUCKY' });
    expect(messageText(call?.body ?? {})).toContain('GPU catalog');
    expect(h.logs.join('\n')).toMatch(/posting the reply to the response_url failed \(team T0001, channel C0CLICK\)/);
  });

  test('GIVEN a click from a user over the rate limit THEN a polite private refusal, and the core is not called', async () => {
    for (let i = 0; i < 10; i += 1) await h.ask('gpus', { user_id: 'U0CLICKY' });
    const before = h.handled.n;
    const { message } = await h.click('gpus', { user_id: 'U0CLICKY' });
    expect(message.response_type).toBe('ephemeral');
    expect(messageText(message)).toMatch(/Slow down/);
    expect(h.handled.n).toBe(before);
  });

  test('GIVEN every click above THEN no secret in the log and no unhandled rejection', () => {
    const all = h.logs.join('\n');
    expect(all).not.toContain(BOT_TOKEN);
    expect(all).not.toContain(SIGNING_SECRET);
    expect(unhandled).toEqual([]);
  });
});
