/**
 * `npm run bench`: estimates per second on one core (the estimator alone, and the whole
 * report with fits and tips, which re-runs the estimator once per tip), plus the CLI's cold
 * start. Prints figures; asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildConfig, type BuiltConfig } from '../src/config';
import { resolveModel } from '../src/catalog/resolve';
import { estimate } from '../src/estimator/estimate';
import { reportFromLine } from '../commands/estimate-line';
import type { ModelArch } from '../src/model/arch';

const LINES = [
  'model:llama-3.1-8b batch:2 seq:2048 lora:true',
  'model:llama-3.1-70b method:full gpus:8 sharding:zero3 gc:true',
  'model:qwen-2.5-7b qlora:true gc:true',
  'model:mixtral-8x7b qlora:true',
  'model:gemma-2-9b mode:infer context:8192 batch:4',
  'model:deepseek-v3 mode:infer quant:nf4',
  'model:phi-3-mini-4k method:full precision:mixed optimizer:adamw-8bit',
  'model:llama-3.2-1b attention:eager seq:4096',
];

function prepare(line: string): { arch: ModelArch; built: BuiltConfig } {
  const raw: Record<string, string> = {};
  for (const t of line.split(' ')) { const i = t.indexOf(':'); raw[t.slice(0, i)] = t.slice(i + 1); }
  const b = buildConfig(raw);
  if (!b.ok) throw new Error(line);
  const m = resolveModel(b.value.config.model);
  if (!m.ok) throw new Error(line);
  return { arch: m.value.arch, built: b.value };
}

function rate(name: string, seconds: number, fn: (i: number) => void): void {
  for (let i = 0; i < 2000; i++) fn(i); // warm-up
  let n = 0;
  const t0 = process.hrtime.bigint();
  const limit = BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() - t0 < limit) {
    for (let k = 0; k < 200; k++) fn(n++);
  }
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`${name.padEnd(52)} ${Math.round(n / secs).toLocaleString('en-US').padStart(10)} /s  (${((secs / n) * 1e6).toFixed(1)} µs each, ${n} runs)`);
}

function coldStart(runs: number): void {
  const root = join(__dirname, '..');
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'adapters/cli/cli.ts', 'model:llama-3.1-8b', 'lora:true', '--json'], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(`CLI cold start (node --import tsx adapters/cli/cli.ts ... --json): median ${times[Math.floor(runs / 2)]?.toFixed(0)} ms, min ${times[0]?.toFixed(0)} ms over ${runs} runs`);
}

function main(): void {
  console.log(`node ${process.version}, one core (single thread)\n`);
  const prepared = LINES.map(prepare);
  rate('estimate() over 8 mixed configs', 3, (i) => { const p = prepared[i % prepared.length]!; estimate(p.arch, p.built); });
  const p0 = prepared[0]!;
  rate('estimate() Llama-3.1-8B LoRA', 2, () => { estimate(p0.arch, p0.built); });
  rate('full report (parse, resolve, estimate, fits, tips)', 3, (i) => { reportFromLine(LINES[i % LINES.length]!); });
  console.log('');
  coldStart(7);
}

main();
