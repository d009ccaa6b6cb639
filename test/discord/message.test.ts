import { ChartRenderError } from '../../adapters/chart/attachment';
import { ActionStore } from '../../adapters/discord/actions';
import { prepareMessage, prepareMessageAsync } from '../../adapters/discord/message';
import { dispatch } from '../support/run';
import type { Reply } from '../../src/reply/types';
import { attachmentViolations, messageViolations } from './discord-rules';

const ctx = { platform: 'discord' as const, teamId: 'g', channelId: 'c', userId: 'u' };
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('discord message: embed, buttons, chart', () => {
  test('GIVEN an estimate THEN the chart as a file the embed shows, the math as a button, and Discord’s rules kept', async () => {
    const reply = await dispatch('model:llama-3.1-8b lora:true gpu:rtx4090', ctx);
    const logs: string[] = [];
    const msg = prepareMessage(reply, { actions: new ActionStore(), log: (m) => logs.push(m) });
    expect(msg.files).toHaveLength(1);
    expect(msg.files[0]?.name).toBe('vram-chart.png');
    expect(msg.files[0]?.attachment.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(msg.files[0]?.description).toContain('against rtx4090');
    expect(msg.embeds[0]?.image).toEqual({ url: 'attachment://vram-chart.png' });
    expect(msg.components[0]?.components.map((b) => b.label)).toEqual(['Show the math']);
    expect(msg.flags).toBeUndefined();
    expect(logs).toEqual([]);
    const body = JSON.parse(JSON.stringify({ ...msg, files: undefined, attachments: [{ id: '0', description: msg.files[0]?.description }] })) as unknown;
    expect(messageViolations(body, { requireContent: true })).toEqual([]);
    expect(attachmentViolations(body, [{ key: 'files[0]', filename: 'vram-chart.png', data: msg.files[0]?.attachment ?? Buffer.alloc(0) }], { sizeLimit: 10 * 1024 * 1024 })).toEqual([]);
  });

  test('GIVEN the chart fails THEN the text embed alone, the failure logged with its code', async () => {
    const reply = await dispatch('model:llama-3.1-8b lora:true', ctx);
    const logs: unknown[] = [];
    const msg = prepareMessage(reply, {
      actions: new ActionStore(),
      log: (m, e) => logs.push(m, e),
      renderChart: () => ({ ok: false, error: new ChartRenderError('chart rendering failed: boom') }),
    });
    expect(msg.files).toEqual([]);
    expect(msg.embeds[0]?.image).toBeUndefined();
    expect(msg.embeds[0]?.title).toMatch(/^Llama 3\.1 8B · LoRA/);
    expect(logs[0]).toMatch(/chart not attached.*chart_render_failed/);
    expect(logs[1]).toBeInstanceOf(ChartRenderError);
  });

  test('GIVEN a private reply without chart or actions THEN ephemeral, no files, no components', () => {
    const reply: Reply = { title: 't', severity: 'error', fields: [], sections: [], notes: [], visibility: 'private' };
    const msg = prepareMessage(reply, { actions: new ActionStore(), log: () => undefined });
    expect(msg).toMatchObject({ flags: 64, files: [], components: [] });
    expect(msg.embeds[0]?.image).toBeUndefined();
  });

  test('GIVEN the off-thread renderer rejects or fails THEN the text embed alone, never a lost answer; a reply without a chart never calls it', async () => {
    const reply = await dispatch('model:llama-3.1-8b lora:true', ctx);
    const logs: string[] = [];
    const rejecting = await prepareMessageAsync(reply, { actions: new ActionStore(), log: (m) => logs.push(m), charts: () => Promise.reject(new Error('pool gone')) });
    expect(rejecting.files).toEqual([]);
    expect(rejecting.embeds[0]?.title).toMatch(/^Llama 3\.1 8B · LoRA/);
    expect(logs).toEqual(['discord: chart not attached, sending the text alone (chart_render_failed)']);
    const busy = await prepareMessageAsync(reply, { actions: new ActionStore(), log: (m) => logs.push(m), charts: () => Promise.resolve({ ok: false, error: new ChartRenderError('chart queue full', { code: 'chart_busy' }) }) });
    expect(busy.files).toEqual([]);
    expect(logs.at(-1)).toBe('discord: chart not attached, sending the text alone (chart_busy)');
    let called = false;
    const plain: Reply = { title: 't', severity: 'info', fields: [], sections: [], notes: [], visibility: 'channel' };
    await prepareMessageAsync(plain, { actions: new ActionStore(), log: () => undefined, charts: () => { called = true; return Promise.resolve({ ok: true }); } });
    expect(called).toBe(false);
  });
});
