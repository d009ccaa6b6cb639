/**
 * scripts/measure_peak.py is a tool users run on their GPU: its parsing of our grammar and the
 * `/vram record` lines it prints are checked by its own self-test (no GPU, no torch needed).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseLine } from '../../commands/grammar';

const script = join(__dirname, '..', '..', 'scripts', 'measure_peak.py');
const python = spawnSync('python3', ['--version']);

(python.error ? test.skip : test)('measure_peak.py --self-test passes (parsing, refusals, printed record lines)', () => {
  const r = spawnSync('python3', [script, '--self-test'], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.stdout.trim()).toBe('self-test ok');
  expect(r.status).toBe(0);
});

(python.error ? test.skip : test)('a line it cannot run faithfully is refused before anything is built', () => {
  const r = spawnSync('python3', [script, 'model:llama-3.1-8b sharding:zero3', '--hf-id', 'x'], { encoding: 'utf8' });
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/does not run `sharding`/);
});

test('the record line it prints is one the bot parses as /vram record', () => {
  // The exact form record_lines() writes (see its self-test).
  const p = parseLine('record measured:41.23 stat:smi model:llama-3.1-8b lora:true');
  expect(p.ok).toBe(true);
  if (!p.ok) return;
  expect(p.value.words).toEqual(['record']);
  expect(p.value.args).toMatchObject({ measured: '41.23', stat: 'smi', model: 'llama-3.1-8b', lora: 'true' });
});
