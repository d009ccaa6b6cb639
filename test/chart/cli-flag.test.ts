import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, takeChartFlag } from '../../adapters/cli/cli';
import { PNG_SIGNATURE, pngSize } from './fixtures';

describe('takeChartFlag', () => {
  test('GIVEN no --chart THEN the arguments unchanged', () => {
    expect(takeChartFlag(['model:x', '--json'])).toEqual({ ok: true, rest: ['model:x', '--json'] });
  });
  test('GIVEN --chart PATH THEN the path, and both taken out', () => {
    expect(takeChartFlag(['model:x', '--chart', 'out.png', 'lora:true'])).toEqual({ ok: true, path: 'out.png', rest: ['model:x', 'lora:true'] });
  });
  test('GIVEN --chart=PATH THEN the path', () => {
    expect(takeChartFlag(['--chart=a b.png', 'model:x'])).toEqual({ ok: true, path: 'a b.png', rest: ['model:x'] });
  });
  test('GIVEN --chart last or followed by a flag THEN an error naming the flag', () => {
    expect(takeChartFlag(['model:x', '--chart'])).toMatchObject({ ok: false, message: expect.stringContaining('--chart') });
    expect(takeChartFlag(['--chart', '--json'])).toMatchObject({ ok: false });
    expect(takeChartFlag(['--chart='])).toMatchObject({ ok: false });
  });
});

describe('vram CLI --chart', () => {
  let dir = '';
  let out: string[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vram-chart-'));
    out = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out.push(String(s)); return true; });
    jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => { out.push(String(s)); return true; });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  test('GIVEN an estimate with --chart THEN the text reply is printed and a PNG written', async () => {
    const file = join(dir, 'x.png');
    expect(await main(['model:llama-3.1-8b', 'lora:true', 'gpu:rtx4090', '--chart', file])).toBe(0);
    expect(out.join('')).toContain('Llama 3.1 8B');
    const png = readFileSync(file);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(pngSize(png).width).toBe(1800);
  });

  test('GIVEN --chart without a path THEN exit 2 and nothing written', async () => {
    expect(await main(['model:llama-3.1-8b', '--chart'])).toBe(2);
    expect(out.join('')).toContain('--chart needs a file name');
  });
});
