/**
 * End to end, HTTP mode: the real Bolt app on loopback, requests signed exactly as Slack signs
 * them, replies caught at a response_url stand-in, Web API calls at a SLACK_API_URL stand-in.
 */
import { blockTypes, limitViolations, messageText } from './support/blocks';
import { BOT_TOKEN, SIGNING_SECRET, startHttpHarness, type HttpHarness } from './support/harness';
import { slackSignature } from './support/sign';

let h: HttpHarness;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => { unhandled.push(reason); };

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  // debug: Bolt and the Web API client log everything they do, so the redaction test sees it all.
  h = await startHttpHarness({ logLevel: 'debug' });
});

afterAll(async () => {
  await h.stop();
  process.off('unhandledRejection', onUnhandled);
});

/** Waits `ms` (used only to show that nothing arrives). */
const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('slack HTTP mode: start-up', () => {
  test('GIVEN SLACK_API_URL at the stand-in THEN start-up checks the bot token with auth.test there', () => {
    const calls = h.standin.callsTo('auth.test');
    expect(calls.length).toBeGreaterThanOrEqual(1);
    expect(calls[0]?.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
  });
});

describe('slack HTTP mode: replies', () => {
  test('GIVEN a valid estimate THEN a quick empty 200 ack, then an in_channel reply with the verdict and breakdown', async () => {
    const { ack, message } = await h.ask('model:llama-3.1-8b lora:true gpu:rtx4090');
    expect(ack.status).toBe(200);
    expect(ack.body).toBe('');
    expect(ack.ms).toBeLessThan(1000);
    expect(message.response_type).toBe('in_channel');
    expect(blockTypes(message)[0]).toBe('header');
    const text = messageText(message);
    expect(text).toMatch(/Llama 3\.1 8B · LoRA/);
    expect(text).toMatch(/Does not fit on rtx4090 \(23\.99 GiB\)/);
    for (const part of ['Weights', 'Activations', 'Logits & loss', 'Optimizer states', 'Total per GPU']) expect(text).toContain(part);
    expect(text).toContain('```');
    expect(limitViolations(message)).toEqual([]);
  });

  test('GIVEN an unknown subcommand THEN an ephemeral error that lists the commands', async () => {
    const { message } = await h.ask('modles');
    expect(message.response_type).toBe('ephemeral');
    const text = messageText(message);
    expect(text).toContain('`modles` is not a command');
    for (const c of ['help', 'models', 'gpus']) expect(text).toContain(`\`${c}\``);
  });

  test('GIVEN a bad argument THEN an ephemeral error naming the key, the value and the allowed values', async () => {
    const { message } = await h.ask('model:llama-3.1-8b optimizer:adam9');
    expect(message.response_type).toBe('ephemeral');
    const text = messageText(message);
    expect(text).toContain('optimizer:adam9');
    expect(text).toContain('adamw-8bit');
  });

  test('GIVEN text over 2000 characters THEN a polite ephemeral refusal, and the core is never called', async () => {
    const before = h.handled.n;
    const { ack, message } = await h.ask(`model:llama-3.1-8b ${'x'.repeat(2100)}`);
    expect(ack.status).toBe(200);
    expect(message.response_type).toBe('ephemeral');
    expect(messageText(message)).toMatch(/2119 characters; I accept up to 2000/);
    expect(h.handled.n).toBe(before);
  });
});

describe('slack HTTP mode: request verification (Bolt)', () => {
  test('GIVEN a forged signature THEN 401 and nothing is dispatched', async () => {
    const before = h.handled.n;
    const r = await h.send('gpus', {}, { signature: slackSignature('0000000000000000deadbeefdeadbeef', Math.floor(Date.now() / 1000), 'x') });
    expect(r.status).toBe(401);
    await settle(100);
    expect(h.standin.responses.has(r.id)).toBe(false);
    expect(h.handled.n).toBe(before);
  });

  test('GIVEN a correctly signed request with a timestamp over 5 minutes old THEN 401', async () => {
    const r = await h.send('gpus', {}, { timestamp: Math.floor(Date.now() / 1000) - 5 * 60 - 30 });
    expect(r.status).toBe(401);
  });

  test('GIVEN no signature headers at all THEN 401', async () => {
    const r = await h.send('gpus', {}, { signature: '' });
    expect(r.status).toBe(401);
  });
});

describe('slack HTTP mode: failures downstream', () => {
  test('GIVEN the response_url answers 500 THEN the failure is logged, the reply goes out by chat.postEphemeral, and the next request works', async () => {
    const failing = `r-fail-${Date.now()}`;
    h.standin.respondStatus.set(failing, 500);
    const posts = h.standin.callsTo('chat.postEphemeral').length;
    const r = await h.send('gpus', { response_url: h.standin.responseUrl(failing), user_id: 'U0FAIL', channel_id: 'C0FAIL' });
    expect(r.status).toBe(200);
    await waitUntil(() => h.standin.callsTo('chat.postEphemeral').length > posts);
    const call = h.standin.callsTo('chat.postEphemeral').at(-1);
    expect(call?.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(call?.body).toMatchObject({ channel: 'C0FAIL', user: 'U0FAIL' });
    expect(messageText(call?.body ?? {})).toContain('GPU catalog');
    expect(h.logs.join('\n')).toMatch(/posting the reply to the response_url failed \(team T0001, channel C0FAIL\).*500/);
    const next = await h.ask('gpus');
    expect(messageText(next.message)).toContain('GPU catalog');
    expect(unhandled).toEqual([]);
  });

  test('GIVEN the response_url and the Web API both fail THEN both failures are logged and the process keeps answering', async () => {
    const failing = `r-fail2-${Date.now()}`;
    h.standin.respondStatus.set(failing, 500);
    const original = h.standin.api['chat.postEphemeral'];
    h.standin.api['chat.postEphemeral'] = () => ({ status: 200, json: { ok: false, error: 'channel_not_found' } });
    try {
      const r = await h.send('help', { response_url: h.standin.responseUrl(failing) });
      expect(r.status).toBe(200);
      await waitUntil(() => h.logs.some((l) => l.includes('chat.postEphemeral failed too')));
      expect(h.logs.join('\n')).toMatch(/chat\.postEphemeral failed too.*channel_not_found/);
    } finally {
      if (original) h.standin.api['chat.postEphemeral'] = original;
    }
    const next = await h.ask('gpus');
    expect(next.ack.status).toBe(200);
    expect(unhandled).toEqual([]);
  });
});

describe('slack HTTP mode: rate limit', () => {
  test('GIVEN 10 requests in a minute THEN the 11th gets a polite ephemeral refusal; another user and a later request are served', async () => {
    const user = { user_id: 'U0BUSY' };
    for (let i = 0; i < 10; i += 1) {
      const { message } = await h.ask('gpus', user);
      expect(messageText(message)).toContain('GPU catalog');
    }
    const refused = await h.ask('gpus', user);
    expect(refused.ack.status).toBe(200);
    expect(refused.message.response_type).toBe('ephemeral');
    expect(messageText(refused.message)).toMatch(/Slow down.*\n?.*10 requests in the last 60 seconds.*try again in 6 seconds/s);

    const other = await h.ask('gpus', { user_id: 'U0CALM' });
    expect(messageText(other.message)).toContain('GPU catalog');

    h.clock.t += 6000;
    const later = await h.ask('gpus', user);
    expect(messageText(later.message)).toContain('GPU catalog');
  });
});

describe('slack HTTP mode: Block Kit limits on the biggest replies', () => {
  test.each([
    ['help', 'help'],
    ['models with no query', 'models'],
    ['an estimate with tips', 'model:llama-3.1-70b method:full gpus:8 sharding:zero3 gc:true gpu:h100'],
    ['a serving estimate', 'model:mistral-7b mode:infer context:32768 batch:4'],
  ])('GIVEN %s THEN at most 50 blocks, sections <= 3000, header <= 150, fields within limits', async (_name, text) => {
    const { message } = await h.ask(text, { user_id: `U-limits-${text.length}` });
    expect(limitViolations(message)).toEqual([]);
    expect((message.blocks ?? []).length).toBeLessThanOrEqual(50);
    expect((message.text ?? '').length).toBeLessThanOrEqual(3000);
  });
});

describe('slack HTTP mode: secrets', () => {
  test('GIVEN debug logging and every test above THEN the bot token and the signing secret never appear in the log', () => {
    const all = h.logs.join('\n');
    expect(all.length).toBeGreaterThan(1000);
    expect(all).not.toContain(BOT_TOKEN);
    expect(all).not.toContain(SIGNING_SECRET);
    expect(all).not.toMatch(/xoxb-\d/);
    expect(unhandled).toEqual([]);
  });
});

async function waitUntil(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await settle(10);
  }
}
