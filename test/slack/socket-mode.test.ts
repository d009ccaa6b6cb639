import { createHandler } from '../../commands/handler';
/**
 * End to end, Socket Mode: the real Bolt app with an app-level token calls apps.connections.open
 * on the Web API stand-in, connects to a local WebSocket stand-in speaking Slack's Socket Mode
 * protocol, acks slash-command envelopes, and posts replies to the response_url stand-in.
 */
import { createSlackApp, type SlackAdapter } from '../../adapters/slack';
import { buttons, messageText, type PostedMessage } from './support/blocks';
import { APP_TOKEN, BOT_TOKEN, SIGNING_SECRET } from './support/harness';
import { blockActionsPayload, newTriggerId } from './support/sign';
import { SocketStandIn } from './support/socket-standin';
import { SlackStandIn } from './support/standin';

let api: SlackStandIn;
let socket: SocketStandIn;
let adapter: SlackAdapter;
const logs: string[] = [];
let seq = 0;

/** The payload Slack wraps in a `slash_commands` envelope. */
function slashPayload(text: string, id: string): Record<string, unknown> {
  return {
    token: 'verification-token-deprecated', team_id: 'T0001', team_domain: 'example', channel_id: 'C0001', channel_name: 'ml-infra',
    user_id: 'U0001', user_name: 'ada', command: '/vram', text, api_app_id: 'A0001', is_enterprise_install: 'false',
    // Slack gives every invocation its own trigger_id; a repeated one is a redelivery.
    response_url: api.responseUrl(id), trigger_id: newTriggerId(),
  };
}

async function ask(text: string): Promise<{ ack: Record<string, unknown>; message: PostedMessage }> {
  seq += 1;
  const id = `s${seq}`;
  const envelopeId = socket.sendEnvelope('slash_commands', slashPayload(text, id));
  const ack = await socket.waitForAck(envelopeId);
  const got = await api.waitForResponse(id);
  return { ack: ack as unknown as Record<string, unknown>, message: got.body as PostedMessage };
}

beforeAll(async () => {
  api = await SlackStandIn.start();
  socket = await SocketStandIn.start();
  api.api['apps.connections.open'] = (_body, headers) => (headers.authorization === `Bearer ${APP_TOKEN}`
    ? { status: 200, json: { ok: true, url: socket.url } }
    : { status: 200, json: { ok: false, error: 'invalid_auth' } });
  adapter = createSlackApp({
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    appToken: APP_TOKEN,
    apiUrl: api.apiUrl,
    port: 0,
    logLevel: 'debug',
    socketPingTimeoutMs: 500,
  }, { core: createHandler({ log: () => undefined }), log: (m, e) => { logs.push(e === undefined ? m : `${m} ${String(e)}`); } });
  await adapter.start();
});

afterAll(async () => {
  await adapter.stop();
  await socket.close();
  await api.close();
});

describe('slack Socket Mode end to end', () => {
  test('GIVEN an app-level token THEN start-up calls apps.connections.open with it and connects after hello', () => {
    expect(adapter.mode).toBe('socket');
    const open = api.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]?.headers.authorization).toBe(`Bearer ${APP_TOKEN}`);
    expect(socket.connections).toHaveLength(1);
  });

  test('GIVEN a slash_commands envelope THEN the app acks {envelope_id, payload} and the reply reaches the response_url', async () => {
    const { ack, message } = await ask('model:llama-3.1-8b lora:true gpu:rtx4090');
    expect(Object.keys(ack).sort()).toEqual(['envelope_id', 'payload']);
    expect(ack.payload).toEqual({});
    expect(message.response_type).toBe('in_channel');
    expect(messageText(message)).toMatch(/Does not fit on rtx4090/);
  });

  test('GIVEN a bad argument over Socket Mode THEN an ephemeral error', async () => {
    const { message } = await ask('model:llama-3.1-8b optimizer:adam9');
    expect(message.response_type).toBe('ephemeral');
    expect(messageText(message)).toContain('optimizer:adam9');
  });

  test('GIVEN an interactive envelope (a click on "Show the math") THEN the app acks it and answers the clicker privately at the action\'s response_url', async () => {
    const { message: estimate } = await ask('model:llama-3.1-8b lora:true gpu:rtx4090');
    const [button] = buttons(estimate);
    expect(button?.action_id).toBe('vram_action:how');
    seq += 1;
    const id = `s${seq}`;
    const envelopeId = socket.sendEnvelope('interactive', blockActionsPayload({ value: button?.value ?? '', response_url: api.responseUrl(id), user_id: 'U0SOCKCLICK' }));
    const ack = await socket.waitForAck(envelopeId);
    expect(ack.envelope_id).toBe(envelopeId);
    const got = await api.waitForResponse(id);
    const message = got.body as PostedMessage;
    expect(message.response_type).toBe('ephemeral');
    expect(message.replace_original).toBe(false);
    expect(messageText(message)).toContain('The math');
  });

  test('GIVEN a disconnect message THEN the app closes, asks apps.connections.open for a new URL, reconnects and keeps answering', async () => {
    const first = socket.current;
    socket.sendDisconnect();
    await socket.waitFor(() => socket.connections.length === 2 && socket.current !== first, 'a second connection', 8000);
    expect(api.callsTo('apps.connections.open')).toHaveLength(2);
    expect(first?.readyState).toBe(first?.CLOSED);
    const { message } = await ask('gpus');
    expect(messageText(message)).toContain('GPU catalog');
  });

  test('GIVEN Slack redelivers a slash command it already got (retry_attempt 1) THEN the redelivery is acked and nothing runs twice', async () => {
    seq += 1;
    const id = `s${seq}`;
    const payload = { ...slashPayload('gpus', id), trigger_id: '1337.99.socketretry' };
    let posts = 0;
    api.onResponse = (rid) => { if (rid === id) posts += 1; };
    try {
      await socket.waitForAck(socket.sendEnvelope('slash_commands', payload));
      await api.waitForResponse(id);
      const again = socket.sendEnvelope('slash_commands', payload, { retry_attempt: 1, retry_reason: 'timeout' });
      expect((await socket.waitForAck(again)).envelope_id).toBe(again);
      await new Promise((r) => setTimeout(r, 300));
      expect(posts).toBe(1);
      expect(logs.join('\n')).toMatch(/dropped Slack's retry 1 \(timeout\)/);
    } finally {
      api.onResponse = undefined;
    }
  });

  test('GIVEN Socket Mode logs at debug level THEN no token or secret appears in them', () => {
    const all = logs.join('\n');
    expect(all).toMatch(/connected in Socket Mode/);
    for (const s of [APP_TOKEN, BOT_TOKEN, SIGNING_SECRET]) expect(all).not.toContain(s);
  });
});
