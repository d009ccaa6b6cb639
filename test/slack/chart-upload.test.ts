/**
 * End to end, HTTP mode: an estimate's chart as a PNG in the channel after the text reply.
 * `files.uploadV2` runs its three steps against the Web API stand-in: files.getUploadURLExternal,
 * the bytes to the upload_url it returned (the stand-in too), files.completeUploadExternal with
 * the channel. Private replies get no chart; failures are logged and cost nothing else.
 */
import { ChartRenderError } from '../../adapters/chart/attachment';
import type { Received, Upload } from './support/standin';
import { messageText } from './support/blocks';
import { BOT_TOKEN, startHttpHarness, type HttpHarness } from './support/harness';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ESTIMATE = 'model:llama-3.1-8b lora:true gpu:rtx4090';

let h: HttpHarness;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => { unhandled.push(reason); };

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  h = await startHttpHarness({ rateLimit: { capacity: 1000, windowMs: 60_000 } });
});

afterAll(async () => {
  await h.stop();
  process.off('unhandledRejection', onUnhandled);
});

const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** completeUploadExternal calls that share a file into `channel`. */
const completesIn = (x: HttpHarness, channel: string): Received[] => x.standin.callsTo('files.completeUploadExternal').filter((c) => c.body.channel_id === channel);

describe('slack charts: a public estimate', () => {
  test('GIVEN a public estimate THEN the text reply first, then the PNG: upload URL, the bytes (PNG signature) at it, completeUploadExternal naming the channel', async () => {
    const channel = 'C0CHART';
    const { message, id } = await h.ask(ESTIMATE, { channel_id: channel });
    const reply = h.standin.responses.get(id);
    expect(message.response_type).toBe('in_channel');
    await h.standin.waitFor(() => completesIn(h, channel).length === 1, 'files.completeUploadExternal');
    const complete = completesIn(h, channel)[0];
    const files = complete?.body.files as { id: string; title: string }[];
    expect(files).toHaveLength(1);
    const fileId = files[0]?.id ?? '';
    expect(files[0]?.title).toBe('Llama 3.1 8B · LoRA');
    expect(complete?.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);

    const upload = h.standin.uploads.find((u) => u.fileId === fileId) as Upload;
    expect(upload.bytes.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(upload.bytes.length).toBeGreaterThan(10_000);

    const asked = h.standin.callsTo('files.getUploadURLExternal').find((c) => Number(c.body.length) === upload.bytes.length);
    expect(asked?.body).toMatchObject({ filename: 'vram-chart.png' });
    expect(String(asked?.body.alt_text)).toMatch(/^Llama 3\.1 8B · LoRA: \d+\.\d\d GiB against rtx4090 \(23\.99 GiB\), stacked by component$/);

    // In order: the complete text reply, then the three upload steps.
    expect(reply?.at).toBeLessThan(asked?.at ?? 0);
    expect(asked?.at).toBeLessThan(upload.at);
    expect(upload.at).toBeLessThan(complete?.at ?? 0);
    expect(messageText(message)).toMatch(/Does not fit on rtx4090/);
    expect(h.logs.join('\n')).not.toMatch(/chart/);
  });

  test('GIVEN private:true, a listing or an error THEN no chart is uploaded', async () => {
    const channel = 'C0QUIET';
    for (const text of [`${ESTIMATE} private:true`, 'gpus', 'model:llama-3.1-8b optimizer:adam9', `${ESTIMATE} how:true private:true`]) {
      const { message } = await h.ask(text, { channel_id: channel });
      expect(message.response_type).toBe('ephemeral');
    }
    // A public estimate in the same channel afterwards: once its chart is there, any other would be too.
    await h.ask(ESTIMATE, { channel_id: channel });
    await h.standin.waitFor(() => completesIn(h, channel).length >= 1, 'the public chart');
    await settle(200);
    expect(completesIn(h, channel)).toHaveLength(1);
  });
});

describe('slack charts: failures never cost the reply', () => {
  test('GIVEN completeUploadExternal says not_in_channel THEN the text reply is complete, the failure is logged with a hint, and the bot keeps answering', async () => {
    const original = h.standin.api['files.completeUploadExternal'];
    h.standin.api['files.completeUploadExternal'] = () => ({ status: 200, json: { ok: false, error: 'not_in_channel' } });
    try {
      const { message } = await h.ask(ESTIMATE, { channel_id: 'C0NOTIN' });
      expect(message.response_type).toBe('in_channel');
      for (const part of ['Weights', 'Total per GPU', 'Does not fit on rtx4090']) expect(messageText(message)).toContain(part);
      await h.standin.waitFor(() => h.logs.some((l) => l.includes('chart upload failed')), 'the logged failure');
    } finally {
      if (original) h.standin.api['files.completeUploadExternal'] = original;
    }
    expect(h.logs.join('\n')).toMatch(/chart upload failed \[not_in_channel\] \(invite the bot to the channel.*\(team T0001, channel C0NOTIN\)/);
    expect(messageText((await h.ask('gpus')).message)).toContain('GPU catalog');
    expect(unhandled).toEqual([]);
  });

  test('GIVEN the upload URL answers 500 THEN logged, nothing completed, no crash', async () => {
    const original = h.standin.api['files.getUploadURLExternal'];
    h.standin.api['files.getUploadURLExternal'] = async (body, headers) => {
      const answer = await original?.(body, headers);
      const fileId = String(answer?.json.file_id);
      h.standin.uploadStatus.set(fileId, 500);
      return answer ?? { status: 500, json: {} };
    };
    const logged = h.logs.filter((l) => l.includes('chart upload failed')).length;
    try {
      await h.ask(ESTIMATE, { channel_id: 'C0BADURL' });
      await h.standin.waitFor(() => h.logs.filter((l) => l.includes('chart upload failed')).length > logged, 'the logged failure', 8000);
    } finally {
      if (original) h.standin.api['files.getUploadURLExternal'] = original;
    }
    expect(completesIn(h, 'C0BADURL')).toHaveLength(0);
    expect(h.logs.join('\n')).toMatch(/chart upload failed.*channel C0BADURL/);
    expect(unhandled).toEqual([]);
  });
});

describe('slack charts: configuration', () => {
  test('GIVEN charts: false THEN public estimates get no chart', async () => {
    const off = await startHttpHarness({ config: { charts: false } });
    try {
      await off.ask(ESTIMATE, { channel_id: 'C0OFF' });
      await off.ask(ESTIMATE, { channel_id: 'C0OFF' });
      await settle(300);
      expect(off.standin.callsTo('files.getUploadURLExternal')).toHaveLength(0);
      expect(off.standin.uploads).toHaveLength(0);
    } finally {
      await off.stop();
    }
  });

  test('GIVEN the chart fails to render THEN the text reply goes out, the ChartRenderError is logged, nothing is uploaded', async () => {
    const broken = await startHttpHarness({
      config: { renderChart: () => ({ ok: false, error: new ChartRenderError('chart rendering failed: resvg exploded') }) },
    });
    try {
      const { message } = await broken.ask(ESTIMATE, { channel_id: 'C0BROKEN' });
      expect(messageText(message)).toContain('Weights');
      await broken.standin.waitFor(() => broken.logs.some((l) => l.includes('chart rendering failed')), 'the logged failure');
      expect(broken.logs.join('\n')).toMatch(/slack: chart rendering failed; the text reply went out without it \(team T0001, channel C0BROKEN\).*resvg exploded/);
      expect(broken.standin.callsTo('files.getUploadURLExternal')).toHaveLength(0);
    } finally {
      await broken.stop();
    }
  });

  test('GIVEN a renderer that throws THEN the same: logged, no crash', async () => {
    const throwing = await startHttpHarness({ config: { renderChart: () => { throw new Error('boom'); } } });
    try {
      await throwing.ask(ESTIMATE);
      await throwing.standin.waitFor(() => throwing.logs.some((l) => l.includes('chart rendering threw')), 'the logged failure');
      expect(unhandled).toEqual([]);
    } finally {
      await throwing.stop();
    }
  });
});
