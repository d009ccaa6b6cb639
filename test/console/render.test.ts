import { createHandler } from '../../commands/handler';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { CONSOLE_CTX, runConsole } from '../../adapters/console/console';
import { CONSOLE_WIDTH, renderConsole, renderConsoleText, visibleWidth } from '../../adapters/console/render';
import { helpReply } from '../../commands/help';
import { KEYS, TOPICS } from '../../src/config';
import type { Reply } from '../../src/reply/types';

const ESC = '\x1b';
const stripAnsi = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, '');
const lines = (s: string): string[] => s.split('\n');
const overWide = (s: string): string[] => lines(s).filter((l) => visibleWidth(l) > CONSOLE_WIDTH);
/** The words of a text, whatever the line breaks and indents. */
const wordsOf = (s: string): string[] => s.split(/\s+/).filter(Boolean);

const LONG_DESCRIPTION =
  'Does not fit on **rtx4090** (23.99 GiB): needs 33.48 GiB, 9.49 GiB too much. Cheapest fix: `gc:true` (19.69 GiB), or ask <@U123> who pinned it for this channel.';

const WIDE_TABLE_NOTE = 'a long free-text note about this card that goes on and on so that the table cannot fit in a hundred columns at all';

function sample(extra: Partial<Reply> = {}): Reply {
  return {
    title: 'Llama 3.1 8B · **LoRA** · 33.48 GiB',
    description: LONG_DESCRIPTION,
    severity: 'danger',
    fields: [
      { name: 'Author', value: '<@local-user>' },
      { name: 'Settings (* = assumed)', value: 'mode:train method:lora rank:16* targets:q,k,v,o,gate,up,down* precision:bf16* optimizer:adamw* batch:1* seq:2048* accum:1*' },
    ],
    table: {
      columns: ['id', 'GiB', 'marketed', 'note'],
      align: ['left', 'right', 'left', 'left'],
      rows: [
        ['rtx4090', '23.99', '24 GB', WIDE_TABLE_NOTE],
        ['h100', '79.65', '80 GB', 'the **datacenter** card'],
      ],
    },
    sections: [{ title: 'Tips (each re-estimated)', lines: ['`qlora:true`: QLoRA (4-bit NF4 base), saves 3.88 GiB → 29.61 GiB (adapters on a 4-bit base; slower, small quality cost)', '✓ l40s (44.99 GiB): 11.51 GiB free'] }],
    notes: ['GiB = 2^30 bytes.'],
    visibility: 'channel',
    ...extra,
  };
}

describe('visibleWidth', () => {
  test('GIVEN escape codes, bars, marks and emoji THEN terminal columns', () => {
    expect(visibleWidth(`${ESC}[1mbold${ESC}[22m`)).toBe(4);
    expect(visibleWidth('█░─✓✗⚠')).toBe(6);
    for (const icon of ['✅', '⚠️', '❌', 'ℹ️', '⛔']) expect(visibleWidth(`${icon} x`)).toBe(4);
    expect(visibleWidth('→ 17.14 GiB · B−A')).toBe(17);
  });
});

describe('renderConsole, plain (not a TTY)', () => {
  const out = renderConsole(sample(), { color: false });

  test('GIVEN a reply with a long description, a wide table and long tips THEN no line is wider than 100 columns', () => {
    expect(CONSOLE_WIDTH).toBe(100);
    expect(overWide(out)).toEqual([]);
    expect(lines(out).some((l) => visibleWidth(l) > 80)).toBe(true); // it does use the width
  });

  test('GIVEN **bold** THEN plain text, no escape codes and no ** left', () => {
    expect(out).not.toContain(ESC);
    expect(out).not.toContain('**');
    expect(out).toContain('Llama 3.1 8B · LoRA · 33.48 GiB');
    expect(out).toContain('the datacenter card');
  });

  test('GIVEN code THEN the backticks stay to delimit what to type', () => {
    expect(out).toContain('`gc:true`');
    expect(out).toContain('`qlora:true`: QLoRA');
  });

  test('GIVEN mentions THEN @id, the console user included', () => {
    expect(out).not.toMatch(/<@/);
    expect(out).toContain('@U123');
    expect(out).toContain('Author: @local-user');
    expect(CONSOLE_CTX.userId).toBe('local-user');
  });

  test('GIVEN a 160-character description THEN it wraps at spaces with a hanging indent and loses no word', () => {
    expect(LONG_DESCRIPTION.length).toBeGreaterThanOrEqual(160);
    const all = lines(out);
    const start = all.findIndex((l) => l.startsWith('Does not fit'));
    expect(start).toBe(1);
    const cont = all.slice(start + 1).findIndex((l) => !l.startsWith('  ') || l.trim() === '');
    const para = all.slice(start, start + 1 + cont);
    expect(para.length).toBeGreaterThan(1);
    for (const l of para.slice(1)) expect(l).toMatch(/^ {2}\S/);
    const expected = wordsOf(LONG_DESCRIPTION.replace(/\*\*/g, '').replace('<@U123>', '@U123'));
    expect(wordsOf(para.join(' '))).toEqual(expected);
  });

  test('GIVEN a table wider than 100 columns THEN the note column wraps within its cell, under the column', () => {
    const all = lines(out);
    const header = all.find((l) => l.startsWith('id '));
    expect(header).toBeDefined();
    const noteCol = (header ?? '').indexOf('note');
    const first = all.findIndex((l) => l.startsWith('rtx4090'));
    expect(all[first]).toMatch(/^rtx4090 +23\.99 {2}24 GB +a long free-text note/);
    expect((all[first] ?? '').indexOf('a long')).toBe(noteCol);
    const next = all[first + 1] ?? '';
    expect(next.slice(0, noteCol).trim()).toBe('');
    expect(next.slice(noteCol)).toMatch(/^\S/);
    // The cell's words, in order, across its lines.
    const cellLines = [all[first] ?? '', next].map((l) => l.slice(noteCol));
    expect(wordsOf(cellLines.join(' '))).toEqual(wordsOf(WIDE_TABLE_NOTE));
    expect(all[first + 2]).toMatch(/^h100 +79\.65 {2}80 GB +the datacenter card$/);
    // Right-aligned numbers stay right-aligned.
    expect((all[first] ?? '').indexOf('23.99') + 5).toBe((header ?? '').indexOf('GiB') + 3);
  });

  test('GIVEN a private reply THEN the marker line comes first', () => {
    const priv = renderConsole(sample({ visibility: 'private' }), { color: false });
    expect(lines(priv)[0]).toBe('(only visible to you)');
    expect(lines(renderConsole(sample(), { color: false }))[0]).not.toContain('only visible');
  });

  test('GIVEN an error id THEN it is printed', () => {
    expect(renderConsole(sample({ errorId: 'e-42' }), { color: false })).toMatch(/\(error id e-42\)$/);
  });

  test('GIVEN a label at a line end THEN it is kept with its value', () => {
    const r = sample({ description: `${'word '.repeat(17)}explicit: batch.` });
    const l = lines(renderConsole(r, { color: false }));
    expect(l.some((x) => x.includes('explicit: batch.'))).toBe(true);
  });

  test('GIVEN a word longer than a line THEN it is cut, nothing is lost', () => {
    const long = 'x'.repeat(250);
    const r = sample({ description: long, table: undefined, fields: [], sections: [] });
    const out2 = renderConsole(r, { color: false });
    expect(overWide(out2)).toEqual([]);
    expect(stripAnsi(out2).replace(/\s/g, '')).toContain(long);
  });
});

describe('renderConsole, colour (a TTY)', () => {
  const out = renderConsole(sample(), { color: true });

  test('GIVEN **bold** THEN ANSI bold, no ** left', () => {
    expect(out).toContain(`${ESC}[1mdatacenter${ESC}[22m`);
    expect(out).toContain(`${ESC}[1mrtx4090${ESC}[22m`);
    expect(stripAnsi(out)).not.toContain('**');
  });

  test('GIVEN code THEN coloured without the backticks', () => {
    expect(out).toContain(`${ESC}[36mgc:true${ESC}[39m`);
    expect(out).not.toContain('`');
  });

  test('GIVEN escape codes THEN the width still counts only visible text, and every line closes its styles', () => {
    expect(overWide(out)).toEqual([]);
    for (const l of lines(out)) {
      // Replay the codes: intensity (1, 2 / 22) and colour (36 / 39) are both off at the line end.
      let intensity = false;
      let colour = false;
      for (const [, n] of l.matchAll(/\x1b\[(\d+)m/g)) {
        if (n === '1' || n === '2') intensity = true;
        else if (n === '22') intensity = false;
        else if (n === '36') colour = true;
        else if (n === '39') colour = false;
      }
      expect({ line: l, intensity, colour }).toEqual({ line: l, intensity: false, colour: false });
    }
  });

  test('GIVEN the same reply THEN colour changes the styling, not the words', () => {
    const plain = renderConsole(sample(), { color: false });
    expect(wordsOf(stripAnsi(out)).join(' ')).toBe(wordsOf(plain.replace(/`/g, '')).join(' '));
  });
});

describe('/vram help in the console', () => {
  test.each([false, true])('GIVEN the help reply (colour %s) THEN it fits in 100 columns, lists the basic keys with their values and names every other topic with its keys', (color) => {
    const out = renderConsole(helpReply(), { color });
    expect(overWide(out)).toEqual([]);
    const text = stripAnsi(out);
    for (const k of KEYS.filter((x) => x.topic === 'basics')) expect(text).toMatch(new RegExp(`^${k.key}\\b`, 'm'));
    for (const t of Object.keys(TOPICS).filter((x) => x !== 'basics')) expect(text).toContain(`/vram help ${t}:`);
    for (const k of KEYS.filter((x) => x.topic !== 'basics')) expect(text).toMatch(new RegExp(`[(, ]${k.key}[,)]`));
    // One block per key: the key, then its values, default and what.
    expect(text).toMatch(/^model \(m\) +see \/vram models +required +catalog id/m);
    expect(text).toContain('Examples:');
  });

  test('GIVEN help all THEN every key has its block', () => {
    const text = stripAnsi(renderConsole(helpReply(undefined, 'all'), { color: false }));
    for (const k of KEYS) expect(text).toMatch(new RegExp(`^${k.key}\\b`, 'm'));
    expect(overWide(text)).toEqual([]);
  });

  test('GIVEN help through the real console THEN every printed line fits', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (d: Buffer) => { out += d.toString('utf8'); });
    const done = runConsole({ input, output, interactive: false, log: () => undefined });
    input.end('/vram help\n/vram help lora\n/vram model:llama-3.1-8b how:true gpu:rtx4090\n/vram gpus\n/vram compare model:llama-3.1-8b lora:true vs model:llama-3.1-70b qlora:true\n/vram modles\n');
    await done;
    expect(out).toMatch(/^\(only visible to you\)\n/);
    expect(out).toMatch(/^targets \(target,/m);
    expect(out).toContain('/vram help lora');
    expect(out).toContain('GPU catalog');
    expect(out).not.toContain(ESC); // a PassThrough is not a TTY
    expect(overWide(out)).toEqual([]);
  });
});

describe('runConsole colour option', () => {
  async function send(line: string, extra: { color?: boolean; tty?: boolean; interactive?: boolean } = {}): Promise<string> {
    const input = new PassThrough();
    const output = new PassThrough();
    if (extra.tty) Object.assign(output, { isTTY: true });
    let out = '';
    output.on('data', (d: Buffer) => { out += d.toString('utf8'); });
    const done = runConsole({
      input, output, interactive: extra.interactive ?? false, log: () => undefined,
      core: { ...createHandler({ log: () => undefined }), handle: async () => sample() }, ...(extra.color === undefined ? {} : { color: extra.color }),
    });
    input.end(`${line}\n`);
    await done;
    return out;
  }

  test('GIVEN a plain stream THEN no escape codes; GIVEN a TTY THEN bold', async () => {
    expect(await send('/vram x')).not.toContain(ESC);
    expect(await send('/vram x', { tty: true })).toContain(`${ESC}[1m`);
  });

  test('GIVEN color explicitly THEN it wins over the stream', async () => {
    expect(await send('/vram x', { color: true })).toContain(`${ESC}[1m`);
    expect(await send('/vram x', { color: false, tty: true })).not.toContain(ESC);
  });

  test('GIVEN the interactive banner and console messages THEN they fit in 100 columns too', async () => {
    const out = await send('/nope', { interactive: true });
    expect(out).toContain('vram-bot console.');
    expect(out).toContain('Unknown slash command `/nope`');
    expect(overWide(stripAnsi(out).replace(/> /g, ''))).toEqual([]);
  });
});

describe('wrapping, any text', () => {
  test('GIVEN random words THEN every line fits and the words survive in order', () => {
    const word = fc.stringMatching(/^[a-z0-9:.,()-]{1,30}$/);
    fc.assert(fc.property(fc.array(word, { minLength: 1, maxLength: 80 }), fc.integer({ min: 20, max: 120 }), (ws, width) => {
      const text = ws.join(' ');
      const out = renderConsoleText(text, { color: false, width });
      for (const l of lines(out)) expect(visibleWidth(l)).toBeLessThanOrEqual(width);
      expect(wordsOf(out).join('')).toBe(ws.join(''));
    }));
  });
});

describe('tables that cannot be wrapped per cell', () => {
  test('GIVEN long unbreakable cells or long column names THEN one block per row, still within the width', () => {
    const longName = 'a column name so long that values cannot hang under it at all, not even close';
    const r: Reply = {
      title: 'Blocks', severity: 'info', fields: [], sections: [], notes: [], visibility: 'channel',
      table: { columns: ['id', 'path', longName], rows: [['one', `/${'p'.repeat(70)}/file`, 'short value'], ['two', '', 'x']] },
    };
    const out = renderConsole(r, { color: false });
    expect(overWide(out)).toEqual([]);
    const l = lines(out);
    expect(l).toContain('one');
    expect(l).toContain(`  path: /${'p'.repeat(70)}/file`);
    expect(out).toContain(`  ${longName}:\n    short value`);
    expect(out).not.toMatch(/path: *$/m); // an empty cell prints no line
  });
});
