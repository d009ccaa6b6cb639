/**
 * The stand-in itself, driven by a raw WebSocket client and fetch: it must refuse what Discord
 * refuses, or the end-to-end tests prove nothing.
 */
import { WebSocket } from 'ws';
import { buildCommands } from '../../adapters/discord/commands';
import { APP_ID, GUILD_ID, TOKEN } from './harness';
import { DiscordStandin } from './standin';
import { multipartBoundary, parseMultipart } from './standin-multipart';
import { messageObject } from './standin-payloads';

type Frame = { op: number; t?: string | null; d?: unknown };

/** Connects a raw client; resolves with its frames so far and a close-code promise. */
async function connect(s: DiscordStandin, query = '?v=10&encoding=json'): Promise<{ ws: WebSocket; frames: Frame[]; closed: Promise<number> }> {
  const ws = new WebSocket(`${s.apiUrl.replace(/^http/, 'ws').replace(/\/api$/, '')}/${query}`);
  const frames: Frame[] = [];
  ws.on('message', (raw: Buffer) => frames.push(JSON.parse(raw.toString('utf8')) as Frame));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  return { ws, frames, closed };
}

const until = async (cond: () => boolean): Promise<void> => {
  for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('discord stand-in: Discord’s refusals', () => {
  let s: DiscordStandin;
  beforeEach(async () => { s = await DiscordStandin.start({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_ID }); });
  afterEach(async () => { await s.close(); });

  test('GIVEN IDENTIFY with a wrong token THEN close 4004', async () => {
    const c = await connect(s);
    await until(() => c.frames.length > 0);
    expect(c.frames[0]).toMatchObject({ op: 10, d: { heartbeat_interval: 41250 } });
    c.ws.send(JSON.stringify({ op: 2, d: { token: 'nope', intents: 1, properties: {} } }));
    expect(await c.closed).toBe(4004);
  });

  test('GIVEN IDENTIFY with a privileged intent (MessageContent) THEN close 4014', async () => {
    const c = await connect(s);
    c.ws.send(JSON.stringify({ op: 2, d: { token: TOKEN, intents: 1 | (1 << 15), properties: {} } }));
    expect(await c.closed).toBe(4014);
  });

  test('GIVEN a compressed or non-JSON connection THEN refused', async () => {
    const c = await connect(s, '?v=10&encoding=json&compress=zlib-stream');
    expect(await c.closed).toBe(4012);
    expect(s.violations).toHaveLength(1);
  });

  test('GIVEN an over-limit embed or a late answer THEN 400 Invalid Form Body (50035) or 404 Unknown interaction (10062)', async () => {
    const c = await connect(s);
    c.ws.send(JSON.stringify({ op: 2, d: { token: TOKEN, intents: 1, properties: {} } }));
    await until(() => c.frames.some((f) => f.t === 'GUILD_CREATE'));
    const put = await fetch(`${s.apiUrl}/v10/applications/${APP_ID}/guilds/${GUILD_ID}/commands`, { method: 'PUT', headers: { authorization: `Bot ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(buildCommands()) });
    expect(put.status).toBe(200);

    const first = s.runCommand('vram', { model: 'x' });
    first.seen.catch(() => undefined);
    const callback = (r: { id: string; token: string }, body: unknown): Promise<Response> =>
      fetch(`${s.apiUrl}/v10/interactions/${r.id}/${r.token}/callback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const big = await callback(first.record, { type: 4, data: { embeds: [{ title: 't', description: 'd'.repeat(4097), fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }] } });
    expect(big.status).toBe(400);
    const err = (await big.json()) as { code: number; errors: { data: { embeds: Record<string, unknown> } } };
    expect(err.code).toBe(50035);
    expect(Object.keys(err.errors.data.embeds['0'] as object)).toEqual(expect.arrayContaining(['description', 'fields']));

    const late = s.runCommand('vram', { model: 'x' });
    late.seen.catch(() => undefined);
    (late.record as { dispatchedAt: number }).dispatchedAt -= 3001; // as if dispatched 3 s ago
    const res = await callback(late.record, { type: 4, data: { content: 'late' } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: 'Unknown interaction', code: 10062 });
    c.ws.terminate();
  });
});

describe('discord stand-in: multipart bodies (payload_json + files[n])', () => {
  test('GIVEN a body encoded by fetch’s FormData THEN the JSON part and the file’s exact bytes, CR, LF and dashes included', async () => {
    const bytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('\r\n--not-a-boundary\r\n\r\n'), Buffer.alloc(5000, 0xff)]);
    const form = new FormData();
    form.append('files[0]', new Blob([bytes], { type: 'image/png' }), 'vram-chart.png');
    form.append('payload_json', JSON.stringify({ type: 4, data: { content: 'x' } }));
    const req = new Request('http://x/', { method: 'POST', body: form });
    const boundary = multipartBoundary(req.headers.get('content-type') ?? '');
    expect(boundary).toBeDefined();
    const parsed = parseMultipart(Buffer.from(await req.arrayBuffer()), boundary ?? '');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(JSON.parse(parsed.fields.get('payload_json') ?? '')).toEqual({ type: 4, data: { content: 'x' } });
    expect(parsed.files).toHaveLength(1);
    expect(parsed.files[0]).toMatchObject({ key: 'files[0]', filename: 'vram-chart.png', contentType: 'image/png' });
    expect(parsed.files[0]?.data.equals(bytes)).toBe(true);
  });

  test('GIVEN a broken body or another content type THEN an error, not a guess', () => {
    expect(multipartBoundary('application/json')).toBeUndefined();
    expect(parseMultipart(Buffer.from('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue'), 'b')).toMatchObject({ ok: false, error: expect.stringMatching(/not closed/) });
    expect(parseMultipart(Buffer.from('junk--b--'), 'b')).toMatchObject({ ok: false });
  });
});

describe('discord stand-in: refusals for components, files and callback types', () => {
  let s: DiscordStandin;
  beforeEach(async () => { s = await DiscordStandin.start({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_ID }); });
  afterEach(async () => { await s.close(); });

  test('GIVEN bad buttons, an image naming no file, a multipart body where none belongs, or a callback type the interaction does not take THEN 400 and a violation each', async () => {
    const c = await connect(s);
    c.ws.send(JSON.stringify({ op: 2, d: { token: TOKEN, intents: 1, properties: {} } }));
    await until(() => c.frames.some((f) => f.t === 'GUILD_CREATE'));
    await fetch(`${s.apiUrl}/v10/applications/${APP_ID}/guilds/${GUILD_ID}/commands`, { method: 'PUT', headers: { authorization: `Bot ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(buildCommands()) });
    const json = (r: { id: string; token: string }, body: unknown): Promise<Response> =>
      fetch(`${s.apiUrl}/v10/interactions/${r.id}/${r.token}/callback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const command = (): { id: string; token: string } => { const r = s.runCommand('vram', { model: 'x' }); r.seen.catch(() => undefined); return r.record; };

    const longId = { type: 1, components: [{ type: 2, style: 2, label: 'x'.repeat(81), custom_id: 'c'.repeat(101) }] };
    expect((await json(command(), { type: 4, data: { content: 'x', components: [longId] } })).status).toBe(400);
    expect(s.violations.pop()).toMatch(/label: Must be 80 or fewer.*custom_id: Must be between 1 and 100/);

    expect((await json(command(), { type: 4, data: { embeds: [{ title: 't', image: { url: 'attachment://vram-chart.png' } }] } })).status).toBe(400);
    expect(s.violations.pop()).toMatch(/image\.url: attachment:\/\/vram-chart\.png names no file/);

    expect((await json(command(), { type: 7, data: { content: 'x' } })).status).toBe(400);
    expect(s.violations.pop()).toMatch(/type: 7 is not a response to an interaction of type 2/);

    const form = new FormData();
    form.append('payload_json', '[]');
    const put = await fetch(`${s.apiUrl}/v10/applications/${APP_ID}/guilds/${GUILD_ID}/commands`, { method: 'PUT', headers: { authorization: `Bot ${TOKEN}` }, body: form });
    expect(put.status).toBe(400);
    expect(s.violations.pop()).toMatch(/multipart body on a route without files/);

    expect(() => s.clickButton('vram:act:x', messageObject(APP_ID, GUILD_ID, { components: [] }))).toThrow(/has no button/);
    expect(() => s.runCommand('vram-preset', {})).toThrow(/needs a subcommand/);
    expect(() => s.runCommand('vram-preset save', { name: 'x' })).toThrow(/needs `args`/);
    expect(s.violations).toEqual([]);
    c.ws.terminate();
  });
});
