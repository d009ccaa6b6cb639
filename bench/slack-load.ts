/** What the Slack load benchmarks (bench/slack.ts, bench/scale.ts) send and how they read their options. */

/** What users type, in rotation: estimates (the expensive path) and a listing. */
export const ESTIMATE_MIX: readonly string[] = [
  'model:llama-3.1-8b lora:true gpu:rtx4090',
  'model:qwen2.5-7b qlora:true gpu:rtx4090',
  'model:llama-3.1-70b method:full sharding:zero3 gpus:8 gc:true',
  'model:mistral-7b mode:infer context:32768 batch:8 kv:fp8',
  'model:llama-3.1-8b batch:2 seq:2048 lora:true',
  'model:llama-3.2-3b',
  'model:gemma-2-9b lora:true batch:4',
  'gpus',
];

/** `--name=<number>` from the command line, at least `min` (else `fallback`). */
export function numberArg(name: string, fallback: number, min: number): number {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  const v = hit ? Number(hit.split('=')[1]) : fallback;
  return Number.isFinite(v) && v >= min ? v : fallback;
}
