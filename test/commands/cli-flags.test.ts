/**
 * The CLI adapter in-process (`main(argv, io)`, the same function `npm run vram` runs): every
 * command answers `--json`, `--jsonl` prints one numbered object per input line, flags are
 * checked, byte fields are whole numbers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { argText, HELP, main, stdinLines } from '../../adapters/cli/cli';

interface Run { code: number; out: string; err: string }

let dataDir = '';
beforeAll(() => { dataDir = mkdtempSync(join(tmpdir(), 'vram-cli-')); });
afterAll(() => { rmSync(dataDir, { recursive: true, force: true }); });

async function cli(argv: string[], stdin = ''): Promise<Run> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    out: (s) => { out += s; }, err: (s) => { err += s; }, stdin: async () => Buffer.from(stdin, 'utf8'), dataDir, color: false,
  });
  return { code, out, err };
}

const json = (r: Run): Record<string, unknown> => JSON.parse(r.out) as Record<string, unknown>;

/** Every number under a key ending in "bytes", anywhere in the value. */
function byteFields(v: unknown, key = '', out: number[] = []): number[] {
  if (typeof v === 'number' && /bytes$/i.test(key)) out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => byteFields(x, key, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) byteFields(x, k, out);
  return out;
}

describe('CLI --json for every command', () => {
  test.each([
    [['help', '--json'], 'keys'],
    [['models', 'qwen', '--json'], 'models'],
    [['gpus', '--json'], 'gpus'],
    [['fit', 'gpu:rtx4090', 'model:llama-3.1-8b', 'qlora:true', '--json'], 'maxBatch'],
    [['compare', 'model:llama-3.1-8b', 'lora:true', 'vs', 'model:llama-3.1-8b', 'qlora:true', '--json'], 'sides'],
    [['preset', 'list', '--json'], 'presets'],
    [['model:llama-3.1-8b', 'lora:true', '--json'], 'totalBytes'],
  ])('GIVEN %j THEN one JSON object with %s, exit 0', async (argv, field) => {
    const r = await cli(argv);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(json(r)).toHaveProperty(field);
  });

  test('GIVEN a preset saved and shown through the CLI THEN both answer JSON, from DATA_DIR', async () => {
    const saved = await cli(['preset', 'save', 'name:cli-test', 'model:llama-3.1-8b', 'lora:true', '--json']);
    expect(saved.code).toBe(0);
    expect(json(saved)).toMatchObject({ saved: { name: 'cli-test', scope: 'team' }, created: true });
    const shown = await cli(['preset', 'show', 'name:cli-test', '--json']);
    expect(json(shown)).toMatchObject({ preset: { name: 'cli-test' }, loads: true });
    const used = await cli(['preset:cli-test', 'batch:2', '--json']);
    expect(json(used)).toMatchObject({ model: { id: 'llama-3.1-8b' }, config: { method: 'lora', batch: 2 } });
  });

  test('GIVEN estimate, compare and fit JSON THEN every byte field is a whole number', async () => {
    for (const argv of [
      ['model:llama-3.1-8b', 'lora:true', 'gpus:2', 'sharding:zero3', '--json'],
      ['compare', 'model:llama-3.1-8b', 'vs', 'model:qwen-2.5-7b', 'mode:infer', 'engine:vllm', '--json'],
      ['fit', 'gpu:a10g', 'model:llama-3.1-8b', '--json'],
    ]) {
      const fields = byteFields(json(await cli(argv)));
      expect(fields.length).toBeGreaterThan(3);
      expect(fields.filter((n) => !Number.isInteger(n))).toEqual([]);
    }
  });

  test('GIVEN bad input with --json THEN the error object on stdout, the message on stderr, exit 2', async () => {
    const r = await cli(['model:llama-3.1-8b', 'batch:1,2,4', '--json']);
    expect(r.code).toBe(2);
    expect(json(r)).toMatchObject({ error: { code: 'not_integer', key: 'batch' } });
    expect(r.err).toMatch(/`batch:1,2,4` must be a whole number/);
  });
});

describe('CLI --jsonl', () => {
  test('GIVEN every kind of command line, a blank line and a lone \\r THEN exactly one numbered object per line', async () => {
    const r = await cli(['--jsonl'], 'model:llama-3.2-1b\r\nhelp\n\ngpus\rextra\nfit gpu:h100 model:llama-3.2-1b\nmodels llama\ncompare model:llama-3.2-1b vs model:llama-3.2-3b\npreset list\n');
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown> & { line: number; error?: { code: string } });
    expect(lines.map((l) => l.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(lines[0]).toHaveProperty('totalBytes');
    expect(lines[1]).toHaveProperty('keys');
    expect(lines[2]?.error?.code).toBe('blank_line');
    expect(lines[3]?.error?.code).toBe('syntax'); // `gpus\rextra` is one line: gpus takes no word
    expect(lines[4]).toHaveProperty('maxBatch');
    expect(lines[5]).toHaveProperty('models');
    expect(lines[6]).toHaveProperty('sides');
    expect(lines[7]).toHaveProperty('presets');
  });

  test('GIVEN text THEN lines split on \\n only, \\r\\n counted as one break', () => {
    expect(stdinLines('a\r\nb\rc\n\nd')).toEqual(['a', 'b\rc', '', 'd']);
    expect(stdinLines('a\n')).toEqual(['a']);
    expect(stdinLines('')).toEqual([]);
    expect(stdinLines('\n')).toEqual(['']);
  });
});

describe('CLI flags', () => {
  test('GIVEN an unknown flag THEN exit 2 naming it and the flags there are', async () => {
    const r = await cli(['model:llama-3.1-8b', '--jsno']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Unknown flag `--jsno`.*--json, --jsonl, --chart PATH, --help/);
    expect(r.out).toBe('');
  });

  test('GIVEN --help THEN every flag is documented, exit 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const f of ['--json', '--jsonl', '--chart PATH', '--help', 'config:<path>', 'DATA_DIR']) expect(r.out).toContain(f);
    expect(r.out).toBe(`${HELP}\n`);
  });

  test('GIVEN a text reply THEN no raw Markdown, and it fits in 100 columns', async () => {
    const r = await cli(['fit', 'gpu:rtx3090', 'model:llama-3.1-8b', 'lora:true']);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('**');
    expect(r.out).toMatch(/Largest micro-batch at seq 2,048: none: even batch 1 does not fit/);
    expect(r.out.split('\n').filter((l) => [...l].length > 100)).toEqual([]);
  });

  test('GIVEN a value the shell unquoted (gpu:"A100 80GB") THEN read as one value', async () => {
    expect(argText(['model:llama-3.1-8b', 'gpu:A100 80GB'])).toBe('model:llama-3.1-8b gpu:"A100 80GB"');
    const r = await cli(['model:llama-3.1-8b', 'gpu:A100 80GB', '--json']);
    expect(json(r)).toMatchObject({ target: { gpu: 'a100-80gb' } });
  });
});
