import { DISCORD_SYNTAX } from '../../adapters/discord/syntax';
import fc from 'fast-check';
import { MessageFlags } from 'discord.js';
import { COLORS, CODE_TABLE_WIDTH, renderEmbed, renderMessage, tableLines } from '../../adapters/discord/render';
import { clip, embedLength, embedViolations, EMBED_LIMITS } from '../../adapters/discord/limits';
import { dispatch } from '../support/run';
import type { Reply, Severity } from '../../src/reply/types';
import { messageViolations } from './discord-rules';
import { hugeReply } from './fixtures';
import { KEYS } from '../../src/config';

const ctx = { platform: 'discord' as const, teamId: 'g', channelId: 'c', userId: 'u', syntax: DISCORD_SYNTAX };
const base: Reply = { title: 'T', description: 'D', severity: 'info', fields: [], sections: [], notes: [], visibility: 'channel' };

/** Both checks: the adapter's own and the stand-in's independent copy of Discord's rules. */
function expectValid(reply: Reply): void {
  const msg = renderMessage(reply);
  for (const e of msg.embeds) expect(embedViolations(e)).toEqual([]);
  expect(messageViolations(JSON.parse(JSON.stringify(msg)) as unknown, { requireContent: true })).toEqual([]);
}

describe('discord render: colour and visibility', () => {
  test.each<[Severity, number]>([
    ['success', 0x57f287], ['warning', 0xf0b232], ['danger', 0xed4245], ['info', 0x5865f2], ['error', 0xed4245],
  ])('GIVEN severity %s THEN colour %i', (severity, colour) => {
    expect(renderEmbed({ ...base, severity }).color).toBe(colour);
    expect(COLORS[severity]).toBe(colour);
  });

  test('GIVEN a private reply THEN the message is ephemeral (flags 64); a channel reply has no flags', () => {
    expect(renderMessage({ ...base, visibility: 'private' }).flags).toBe(MessageFlags.Ephemeral);
    expect(renderMessage(base).flags).toBeUndefined();
    expect(renderMessage(base).allowedMentions).toEqual({ parse: [] });
  });
});

describe('discord render: content', () => {
  test('GIVEN an estimate THEN verdict and breakdown table (code block) in the description, fields and sections as fields', async () => {
    const reply = await dispatch('model:llama-3.1-8b batch:2 lora:true gpu:rtx4090', ctx);
    const e = renderEmbed(reply);
    expect(e.description).toMatch(/^Does not fit on rtx4090/);
    expect(e.description).toMatch(/```\nComponent[\s\S]*Weights[\s\S]*Total per GPU[\s\S]*```$/);
    expect(e.fields?.map((f) => f.name)).toEqual(expect.arrayContaining(['Model', 'Peak', 'Fits on', 'Tips (each re-estimated)', 'Assumptions']));
    expect(e.fields?.find((f) => f.name === 'Model')?.inline).toBe(true);
    expect(e.color).toBe(COLORS.danger);
    expect(e.footer?.text).toContain('GiB = 2^30 bytes');
    expectValid(reply);
  });

  test(`GIVEN a table wider than ${CODE_TABLE_WIDTH} characters THEN one line per row with the column names`, () => {
    const t = tableLines({ columns: ['id', 'what'], rows: [['a', 'x'.repeat(100)], ['b', '-']] });
    expect(t.code).toBe(false);
    expect(t.lines).toEqual([`**a** · what: ${'x'.repeat(100)}`, '**b**']);
  });

  const embedText = (e: ReturnType<typeof renderEmbed>): string => [e.description ?? '', ...(e.fields ?? []).map((f) => `${f.name}\n${f.value}`), e.footer?.text ?? ''].join('\n');
  test('GIVEN help THEN the basic keys are listed in full, every other topic by its Discord command, nothing is cut', async () => {
    const e = renderEmbed(await dispatch('help', ctx));
    const all = embedText(e);
    for (const key of ['model', 'method', 'batch', 'seq', 'gpus', 'private']) expect(all).toContain(`**${key}`);
    for (const t of ['lora', 'training', 'quant', 'serving', 'parallel']) expect(all).toContain(`/vram-help topic:${t}`);
    expect(all).toContain('/vram-models');
    expect(all).not.toMatch(/\/vram (models|gpus|help)\b/);
    expect(all).not.toMatch(/Shortened to fit/);
  });
  test.each(['lora', 'training', 'quant', 'serving', 'parallel'])('GIVEN help %s THEN every key of the topic is listed in full and nothing is cut', async (topic) => {
    const e = renderEmbed(await dispatch(`help ${topic}`, ctx));
    const all = embedText(e);
    for (const k of KEYS.filter((x) => x.topic === topic)) expect(all).toContain(`**${k.key}`);
    expect(all).not.toMatch(/Shortened to fit/);
  });

  test('GIVEN an error id THEN it is in the footer', () => {
    expect(renderEmbed({ ...base, severity: 'error', errorId: 'abc1234' }).footer?.text).toMatch(/^error id abc1234/);
  });

  test('GIVEN empty field values THEN a placeholder, never an empty value Discord would reject', () => {
    expectValid({ ...base, fields: [{ name: '', value: '' }], sections: [{ title: 'S', lines: [] }] });
  });
});

describe('discord render: limits', () => {
  test('GIVEN a cut inside an emoji THEN the whole pair goes, never half of it', () => {
    expect(clip('a😀b', 3)).toBe('a…');
    expect(clip('abc', 3)).toBe('abc');
    expect(clip('abcd', 3)).toBe('ab…');
  });

  test('GIVEN a reply over every limit THEN the embed is within each one and the footer says it was shortened', () => {
    const reply = hugeReply();
    const e = renderEmbed(reply);
    expect(embedViolations(e)).toEqual([]);
    expect(embedLength(e)).toBeLessThanOrEqual(EMBED_LIMITS.total);
    expect(e.title?.length).toBe(EMBED_LIMITS.title);
    expect(e.description).toMatch(/^Verdict first\./);
    expect(e.footer?.text).toMatch(/^Shortened to fit Discord's limits: \d+ lines not shown\./);
    expectValid(reply);
  });

  test('GIVEN a long table THEN it continues in untitled fields, each a closed code block', () => {
    const rows = Array.from({ length: 300 }, (_, i) => [`model-${i}`, `${i}B`]);
    const e = renderEmbed({ ...base, description: undefined, table: { columns: ['id', 'params'], rows } });
    expect(e.fields?.length).toBeGreaterThan(0);
    for (const f of e.fields ?? []) expect(f.value).toMatch(/^```\n[\s\S]*\n```$/);
    expect(embedViolations(e)).toEqual([]);
  });

  test('GIVEN random replies THEN every rendering is accepted under Discord’s rules', () => {
    const text = (max: number): fc.Arbitrary<string> => fc.string({ maxLength: max });
    const reply: fc.Arbitrary<Reply> = fc.record({
      title: text(600),
      description: fc.option(text(6000), { nil: undefined }),
      severity: fc.constantFrom<Severity>('success', 'warning', 'danger', 'info', 'error'),
      fields: fc.array(fc.record({ name: text(300), value: text(1500), inline: fc.boolean() }), { maxLength: 30 }),
      table: fc.option(fc.record({ columns: fc.array(text(10), { minLength: 1, maxLength: 4 }), rows: fc.array(fc.array(text(120), { maxLength: 4 }), { maxLength: 120 }) }), { nil: undefined }),
      sections: fc.array(fc.record({ title: text(300), lines: fc.array(text(300), { maxLength: 30 }) }), { maxLength: 8 }),
      notes: fc.array(text(400), { maxLength: 10 }),
      visibility: fc.constantFrom<Reply['visibility']>('channel', 'private'),
      errorId: fc.option(fc.string({ minLength: 1, maxLength: 10 }), { nil: undefined }),
    });
    fc.assert(fc.property(reply, (r) => { expectValid(r); }), { numRuns: 150 });
  });
});
