import type { ReplyAction } from '../../src/reply/types';
import fc from 'fast-check';
import { LIMITS, renderSlack, actionValue } from '../../adapters/slack/render';
import { chunkLines, escapeMrkdwn, truncate } from '../../adapters/slack/mrkdwn';
import { errorReply, type Reply } from '../../src/reply/types';
import { buttons, limitViolations, messageText } from './support/blocks';

const base: Reply = { title: 'T', severity: 'info', fields: [], sections: [], notes: [], visibility: 'channel' };

/** A reply far bigger than any command produces. */
const huge: Reply = {
  title: `Huge ${'title '.repeat(60)}`,
  description: 'verdict line\n'.repeat(400),
  severity: 'warning',
  fields: Array.from({ length: 25 }, (_, i) => ({ name: `field ${i}`, value: 'v'.repeat(2500), inline: i % 3 !== 0 })),
  table: { columns: ['a', 'b'], rows: Array.from({ length: 500 }, (_, i) => [`row ${i}`, 'x'.repeat(80)]) },
  sections: Array.from({ length: 30 }, (_, i) => ({ title: `Section ${i}`, lines: Array.from({ length: 100 }, () => 'line <with> & stuff') })),
  notes: Array.from({ length: 40 }, (_, i) => `note ${i} ${'n'.repeat(300)}`),
  visibility: 'channel',
  errorId: 'abc12',
};

describe('renderSlack: Block Kit limits', () => {
  test('GIVEN a reply far over every limit THEN the message stays within all of them and says it was truncated', () => {
    const m = renderSlack(huge);
    expect(limitViolations(m)).toEqual([]);
    expect(m.blocks).toHaveLength(LIMITS.blocks);
    expect(JSON.stringify(m.blocks.at(-1))).toContain('… truncated');
    expect(m.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
    expect(m.text.endsWith('… truncated')).toBe(true);
    const header = m.blocks[0] as { text: { text: string } };
    expect(header.text.text.length).toBeLessThanOrEqual(LIMITS.headerText);
    expect(header.text.text.endsWith('…')).toBe(true);
  });

  test('GIVEN any reply (property) THEN every limit holds', () => {
    const text = fc.string({ maxLength: 4000, unit: 'grapheme' });
    const reply = fc.record({
      title: text,
      description: fc.option(text, { nil: undefined }),
      severity: fc.constantFrom('success', 'warning', 'danger', 'info', 'error' as const),
      fields: fc.array(fc.record({ name: text, value: text, inline: fc.boolean() }), { maxLength: 30 }),
      table: fc.option(fc.record({
        columns: fc.array(text, { minLength: 1, maxLength: 4 }),
        rows: fc.array(fc.array(text, { maxLength: 4 }), { maxLength: 30 }),
      }), { nil: undefined }),
      sections: fc.array(fc.record({ title: text, lines: fc.array(text, { maxLength: 5 }) }), { maxLength: 8 }),
      notes: fc.array(text, { maxLength: 15 }),
      visibility: fc.constantFrom('channel', 'private' as const),
      actions: fc.option(fc.array(fc.record({ id: fc.string({ maxLength: 300 }), label: text, command: fc.string({ maxLength: 2100 }) }), { maxLength: 30 }), { nil: undefined }),
    });
    fc.assert(fc.property(reply, (r) => {
      const m = renderSlack(r as Reply);
      expect(limitViolations(m)).toEqual([]);
      expect(m.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
    }), { numRuns: 150 });
  });
});

describe('renderSlack: content', () => {
  test('GIVEN a private reply THEN ephemeral; GIVEN a channel reply THEN in_channel', () => {
    expect(renderSlack({ ...base, visibility: 'private' }).response_type).toBe('ephemeral');
    expect(renderSlack(base).response_type).toBe('in_channel');
  });

  test('GIVEN an error reply THEN ephemeral with the severity emoji in the header and the error id in the context', () => {
    const m = renderSlack({ ...errorReply('Something went wrong', ['try again']), errorId: 'zz9' });
    expect(m.response_type).toBe('ephemeral');
    expect(m.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '⛔ Something went wrong', emoji: true } });
    expect(JSON.stringify(m.blocks.at(-1))).toContain('Error id: `zz9`');
  });

  test('GIVEN a table THEN a monospace code block with aligned columns', () => {
    const m = renderSlack({ ...base, table: { columns: ['Component', 'GiB'], rows: [['Weights', '14.96'], ['KV cache', '2.00']], align: ['left', 'right'] } });
    const texts = messageText(m);
    expect(texts).toContain('```\nComponent    GiB\n');
    expect(texts).toContain('Weights    14.96');
  });

  test('GIVEN a long table THEN every continuation repeats the header rows', () => {
    const rows = Array.from({ length: 120 }, (_, i) => [`row-${i}`, 'y'.repeat(40)]);
    const m = renderSlack({ ...base, table: { columns: ['name', 'value'], rows } });
    const code = m.blocks.filter((b) => b.type === 'section').map((b) => (b as { text: { text: string } }).text.text);
    expect(code.length).toBeGreaterThan(1);
    for (const c of code) expect(c.startsWith('```\nname')).toBe(true);
    expect(code.join('\n')).toContain('row-119');
  });

  test('GIVEN user text with <, > and & THEN it is escaped, so no mention or link is formed', () => {
    const m = renderSlack({ ...base, description: 'hi <!channel> & <@U123>' });
    const section = m.blocks[1] as { text: { text: string } };
    expect(section.text.text).toBe('hi &lt;!channel&gt; &amp; &lt;@U123&gt;');
    expect(m.text).not.toContain('<!channel>');
  });

  test('GIVEN a field name with an asterisk THEN the bold label uses a look-alike so bold does not break', () => {
    const m = renderSlack({ ...base, fields: [{ name: 'Settings (* = assumed)', value: 'rank:16*', inline: false }] });
    expect((m.blocks[1] as { text: { text: string } }).text.text).toBe('*Settings (∗ = assumed)*\nrank:16*');
  });

  test('GIVEN 12 inline fields THEN two field sections of at most 10', () => {
    const fields = Array.from({ length: 12 }, (_, i) => ({ name: `f${i}`, value: 'v', inline: true }));
    const m = renderSlack({ ...base, fields });
    const counts = m.blocks.filter((b) => 'fields' in b).map((b) => (b as { fields: unknown[] }).fields.length);
    expect(counts).toEqual([10, 2]);
  });
});

describe('renderSlack: buttons (reply.actions)', () => {
  const flags = { how: true, private: true };
  const how: ReplyAction = { id: 'how', label: 'Show the math', invocation: { command: 'estimate', args: { model: 'llama-3.1-8b', batch: 2 }, flags } };
  /** An action whose button value is exactly `length` characters long. */
  const sized = (id: string, label: string, length: number): ReplyAction => {
    const empty = actionValue({ id, label, invocation: { command: 'estimate', args: { model: '' }, flags } }).length;
    return { id, label, invocation: { command: 'estimate', args: { model: 'x'.repeat(length - empty) }, flags } };
  };

  test('GIVEN an action THEN a last actions block with a button: action_id vram_action:<id>, value the invocation as JSON', () => {
    const m = renderSlack({ ...base, notes: ['a note'], actions: [how] });
    expect(m.blocks.at(-1)).toEqual({
      type: 'actions',
      block_id: 'vram_actions',
      elements: [{ type: 'button', action_id: 'vram_action:how', text: { type: 'plain_text', text: 'Show the math', emoji: true }, value: actionValue(how) }],
    });
    expect(JSON.parse(actionValue(how))).toEqual({ v: 1, ...how.invocation });
    expect(limitViolations(m)).toEqual([]);
  });

  test('GIVEN no actions THEN no actions block', () => {
    expect(renderSlack(base).blocks.map((b) => b.type)).not.toContain('actions');
    expect(renderSlack({ ...base, actions: [] }).blocks.map((b) => b.type)).not.toContain('actions');
  });

  test('GIVEN an invocation over 2000 characters THEN that button is left out; at 2000 it stays', () => {
    const long = sized('long', 'Long', 2001);
    const edge = sized('edge', 'Edge', 2000);
    expect(actionValue(edge)).toHaveLength(2000);
    expect(buttons(renderSlack({ ...base, actions: [long] }))).toEqual([]);
    expect(renderSlack({ ...base, actions: [long] }).blocks.map((b) => b.type)).not.toContain('actions');
    expect(buttons(renderSlack({ ...base, actions: [long, edge, how] })).map((b) => b.action_id)).toEqual(['vram_action:edge', 'vram_action:how']);
  });

  test('GIVEN a repeated id, an empty label, a long label THEN one valid button each, labels within 75', () => {
    const gpus = { command: 'gpus', args: {}, flags };
    const m = renderSlack({
      ...base,
      actions: [how, { ...how, label: 'again' }, { id: 'blank', label: '  ', invocation: gpus }, { id: 'wordy', label: 'w'.repeat(100), invocation: gpus }],
    });
    const b = buttons(m);
    expect(b.map((x) => x.action_id)).toEqual(['vram_action:how', 'vram_action:wordy']);
    expect(b[1]?.text.text).toHaveLength(75);
    expect(limitViolations(m)).toEqual([]);
  });

  test('GIVEN a reply cut to 50 blocks THEN the buttons survive as the last block, after the truncation note', () => {
    const m = renderSlack({ ...huge, actions: [how] });
    expect(m.blocks).toHaveLength(LIMITS.blocks);
    expect(m.blocks.at(-1)?.type).toBe('actions');
    expect(JSON.stringify(m.blocks.at(-2))).toContain('… truncated');
    expect(limitViolations(m)).toEqual([]);
  });
});

describe('mrkdwn helpers', () => {
  test('GIVEN text at the limit THEN unchanged; GIVEN one over THEN cut with the marker, within the limit', () => {
    expect(truncate('abcde', 5)).toBe('abcde');
    expect(truncate('abcdefghij', 8, '…')).toBe('abcdefg…');
  });

  test('GIVEN a cut inside an entity THEN the whole entity goes', () => {
    expect(truncate(escapeMrkdwn('aaaa&b'), 7, '…')).toBe('aaaa…');
  });

  test('GIVEN a cut inside a surrogate pair THEN the pair stays whole', () => {
    expect(truncate('ab😀cd', 4, '…')).toBe('ab…');
  });

  test('GIVEN lines THEN greedy chunks within the limit; an over-long line is truncated', () => {
    expect(chunkLines(['aa', 'bb', 'cc'], 5)).toEqual([['aa', 'bb'], ['cc']]);
    const [[only] = []] = chunkLines(['x'.repeat(50)], 20);
    expect(only?.length).toBeLessThanOrEqual(20);
  });
});
