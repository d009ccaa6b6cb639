import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Runs the real CLI as `npm run -s vram -- ...` does (node + tsx), with optional stdin. */
function cli(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'adapters/cli/cli.ts', ...args], { cwd: ROOT, encoding: 'utf8', input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI', () => {
  test('GIVEN key:value pairs THEN a readable breakdown and exit 0', () => {
    const r = cli(['model:llama-3.1-8b', 'lora:true', 'gpu:rtx4090']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Llama 3\.1 8B · LoRA/);
    expect(r.stdout).toMatch(/Weights\s+14\.96/);
  });
  test('GIVEN --json THEN one JSON object with the documented fields', () => {
    const r = cli(['model:llama-3.1-8b', 'batch:2', 'lora:true', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown> & { model: { id: string; params: number }; components: { name: string; bytes: number; phase: string }[]; fits: { gpu: string; memoryBytes: number; fits: boolean }[] };
    expect(j.model).toMatchObject({ id: 'llama-3.1-8b', params: 8_030_261_248 });
    for (const k of ['totalBytes', 'reservedBytes', 'allocatedBytes', 'peakPhase', 'hostRamBytes', 'diskBytes', 'assumptions', 'tips']) expect(j).toHaveProperty(k);
    expect(j.components.find((c) => c.name === 'weights')?.bytes).toBe(8_030_261_248 * 2);
    expect(j.components.every((c) => typeof c.phase === 'string')).toBe(true);
    expect(j.fits.find((f) => f.gpu === 'h100')).toMatchObject({ fits: true });
    expect(Number(j.totalBytes)).toBeGreaterThanOrEqual(Number(j.reservedBytes));
    expect(Number(j.reservedBytes)).toBeGreaterThanOrEqual(Number(j.allocatedBytes));
  });
  test('GIVEN bad input THEN exit code 2 and the friendly message on stderr', () => {
    const r = cli(['model:llama-3.1-8b', 'optimizer:adam9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/`optimizer:adam9` is not valid/);
    expect(r.stderr).toMatch(/adamw-8bit/);
  });
  test('GIVEN --jsonl THEN exactly one JSON object per input line, with its number, blank lines included, the batch going on', () => {
    const r = cli(['--jsonl'], 'model:llama-3.2-1b\nmodel:llama-3.2-7b\n\nmodel:qwen-2.5-0.5b lora:true\n');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { line: number; model?: { id: string }; error?: { code: string; message: string } });
    expect(lines).toHaveLength(4);
    expect(lines.map((l) => l.line)).toEqual([1, 2, 3, 4]);
    expect(lines[0]?.model?.id).toBe('llama-3.2-1b');
    expect(lines[1]?.error?.code).toBe('unknown_model');
    expect(lines[1]?.error?.message).toMatch(/1B, 3B/);
    expect(lines[2]?.error?.code).toBe('blank_line');
    expect(lines[3]?.model?.id).toBe('qwen-2.5-0.5b');
  });
  test('GIVEN fit --json THEN fits, maxBatch, maxSeq, minGpus and changes', () => {
    const r = cli(['fit', 'gpu:rtx4090', 'model:llama-3.1-8b', 'qlora:true', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    for (const k of ['fits', 'maxBatch', 'maxSeq', 'minGpus', 'changes']) expect(j).toHaveProperty(k);
  });
  test('GIVEN config:<path> to a local config.json THEN the model is estimated from it like the catalog entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vram-cfg-'));
    const ref = (JSON.parse(readFileSync(join(ROOT, 'docs', 'catalog', 'models-reference.json'), 'utf8')) as Record<string, unknown>[]).find((m) => m.hf_id === 'Qwen/Qwen2.5-7B');
    const cfgPath = join(dir, 'config.json');
    writeFileSync(cfgPath, JSON.stringify(ref));
    const local = JSON.parse(cli([`config:${cfgPath}`, 'lora:true', '--json']).stdout) as { totalBytes: number; model: { params: number } };
    const catalog = JSON.parse(cli(['model:qwen-2.5-7b', 'lora:true', '--json']).stdout) as { totalBytes: number; model: { params: number } };
    expect(local.model.params).toBe(catalog.model.params);
    expect(local.totalBytes).toBeCloseTo(catalog.totalBytes, 0);
  });
  test('GIVEN config: pointing at a file that is not JSON THEN exit 2 naming config', () => {
    const r = cli(['config:/etc/hostname']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/config/);
  });
  test('GIVEN --chart THEN a PNG is written and the text reply still printed', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'vram-chart-')), 'c.png');
    const r = cli(['model:llama-3.1-8b', 'lora:true', '--chart', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/LoRA/);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out).subarray(1, 4).toString('ascii')).toBe('PNG');
  });
});
