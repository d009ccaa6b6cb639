import { Writable } from 'node:stream';
import { createLogger, scrub, secretsOf } from '../../adapters/ops/log';
import { createMetrics } from '../../adapters/ops/metrics';
import { readiness, startOpsServer, type OpsState } from '../../adapters/ops/health';

const BOT = 'xoxb-1111111111-2222222222-StandInBotTokenValue';
const SIGNING = '7c1e9d3f0a5b4e2d8c6a1f3e5d7b9a0c';
const DISCORD = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.standin-bot-token-not-a-real-secret';

function capture(): { lines: () => Record<string, unknown>[]; raw: () => string; destination: Writable & { write: Writable['write'] } } {
  let raw = '';
  const destination = new Writable({ write(chunk, _enc, cb) { raw += String(chunk); cb(); } });
  return { destination, raw: () => raw, lines: () => raw.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('the process log (pino JSON lines)', () => {
  test('GIVEN a message, an error and fields THEN one JSON line with level, msg, err and the ids', () => {
    const c = capture();
    const { log } = createLogger({ secrets: [], destination: c.destination });
    log('command failed (error id abc12)', new TypeError('boom'), { errorId: 'abc12', reqId: 'r-1' });
    log('presets: ok');
    const [a, b] = c.lines();
    expect(a).toMatchObject({ level: 50, msg: 'command failed (error id abc12)', errorId: 'abc12', reqId: 'r-1', err: { type: 'TypeError', message: 'boom' } });
    expect(String((a?.err as { stack?: string } | undefined)?.stack)).toMatch(/TypeError: boom/);
    expect(b).toMatchObject({ level: 30, msg: 'presets: ok' });
    expect(typeof b?.time).toBe('number');
  });

  test('GIVEN DATABASE_URL THEN the URL and its password alone are both scrubbed (a driver may quote the password)', () => {
    const env = { DATABASE_URL: 'postgres://vram:s3cr%40t-pw@db.internal:5432/vram' };
    expect(secretsOf(env)).toEqual(['postgres://vram:s3cr%40t-pw@db.internal:5432/vram', 's3cr@t-pw']);
    const c = capture();
    const { log } = createLogger({ secrets: secretsOf(env), destination: c.destination });
    log('password authentication failed: s3cr@t-pw');
    expect(c.raw()).not.toContain('s3cr@t-pw');
    expect(secretsOf({ DATABASE_URL: 'postgres://db.internal/vram' })).toEqual(['postgres://db.internal/vram']);
  });

  test('GIVEN secrets anywhere (message, error, stack, fields, nested objects) THEN none reaches the line', () => {
    const c = capture();
    const env = { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, DISCORD_TOKEN: DISCORD, PORT: '3000' };
    const { log } = createLogger({ secrets: secretsOf(env), destination: c.destination });
    const err = new Error(`auth with ${BOT} failed at https://hooks.slack.com/commands/T1/123/secretpath`);
    log(`signing with ${SIGNING}`, err, { token: DISCORD, reqId: `x ${DISCORD}` });
    log('request', { headers: { authorization: `Bot ${DISCORD}` }, url: `https://discord.com/api/v10/interactions/123/${'a'.repeat(40)}/callback` });
    log('another xoxp-9-9-9-abcdef token shape');
    const raw = c.raw();
    for (const s of [BOT, SIGNING, DISCORD, 'secretpath', 'a'.repeat(40), 'xoxp-9-9-9-abcdef']) expect(raw).not.toContain(s);
    expect(raw).toContain('[redacted]');
    expect(c.lines()).toHaveLength(3);
  });

  test('GIVEN scrub THEN a JSON-escaped secret is caught too', () => {
    expect(scrub(JSON.stringify({ v: 'a"b\\csecret' }), ['a"b\\csecret'])).not.toContain('csecret');
  });
});

describe('ops endpoints', () => {
  const state = (over: Partial<{ adapters: { name: string; ready: boolean }[]; store: boolean; draining: boolean }> = {}): OpsState => ({
    adapters: () => over.adapters ?? [{ name: 'slack', ready: true }, { name: 'discord', ready: true }],
    storeOpen: () => over.store ?? true,
    draining: () => over.draining ?? false,
    metrics: createMetrics({ defaults: false }),
  });

  test('GIVEN every adapter ready and the store open THEN ready; GIVEN one down, the store closed or draining THEN not, saying which', () => {
    expect(readiness(state()).ready).toBe(true);
    expect(readiness(state({ adapters: [{ name: 'slack', ready: true }, { name: 'discord', ready: false }] }))).toMatchObject({ ready: false, adapters: { discord: false } });
    expect(readiness(state({ store: false }))).toMatchObject({ ready: false, store: false });
    expect(readiness(state({ draining: true }))).toMatchObject({ ready: false, draining: true });
  });

  test('GIVEN the ops server THEN /healthz 200, /readyz 200 or 503, /metrics in Prometheus text with the counters', async () => {
    let ready = true;
    const s = state();
    s.metrics.command('slack', 'estimate', 'ok');
    s.metrics.latency('slack', 0.02);
    s.metrics.queueDepth('discord', 3);
    const srv = await startOpsServer(0, '127.0.0.1', { ...s, adapters: () => [{ name: 'discord', ready }] });
    try {
      const base = `http://127.0.0.1:${srv.port}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      ready = false;
      const r = await fetch(`${base}/readyz`);
      expect(r.status).toBe(503);
      expect(await r.json()).toMatchObject({ status: 'not ready', adapters: { discord: false } });
      const m = await fetch(`${base}/metrics`);
      expect(m.headers.get('content-type')).toMatch(/text\/plain/);
      const text = await m.text();
      expect(text).toMatch(/vram_bot_commands_total\{platform="slack",command="estimate",outcome="ok"\} 1/);
      expect(text).toMatch(/vram_bot_reply_seconds_bucket\{le="0.025",platform="slack"\} 1/);
      expect(text).toMatch(/vram_bot_queue_depth\{platform="discord"\} 3/);
      expect((await fetch(`${base}/nope`)).status).toBe(404);
    } finally {
      await srv.close();
    }
  });
});
