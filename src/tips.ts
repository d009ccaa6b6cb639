/**
 * Tips: every candidate change is re-estimated with the real estimator (one change at a time)
 * and reported with its saving. Ranked: when a target GPU is set and the config does not fit,
 * the changes that make it fit come first, least invasive first; then the rest by saving.
 */
import { SHARDING_CAPS, type EstimateConfig } from './config';
import { estimate } from './estimator/estimate';
import type { Resolved, Report, Tip } from './report';
import { boundsFor, fitOn, sizingBytes, usableBytes } from './report';
import { estimateRange } from './estimator/range';
import type { Gpu } from './catalog/gpus';
import { VLLM_GPU_MEMORY_UTILIZATION } from './estimator/constants';
import { vllmSettings } from './estimator/serving';
import { formatProblem } from './config/formats';
import { withModelAttention } from './config/attention';
import { parallelProblems } from './estimator/parallel';
import type { ModelArch } from './model/arch';
import { configLayout } from './estimator/vision';
import { galoreRunnable } from './estimator/peft';
import { estimateTime, timeDelta } from './estimator/time';

/**
 * How much a change alters training, low to high. 0: same maths, less memory; 1: slower;
 * 2: numerics change slightly; 3: more hardware; 4: a different fine-tuning method; 5: changes
 * the data.
 */
export interface Candidate {
  readonly change: Partial<EstimateConfig>;
  readonly text: string;
  readonly title: string;
  readonly cost: string;
  readonly invasiveness: number;
}

/**
 * Whether a changed config is one the model and the stack can run: the same checks a typed
 * request gets (weight format and engine, the parallel layout, the model's attention kernels).
 */
function runnable(arch: ModelArch, c: EstimateConfig): boolean {
  if (formatProblem({ mode: c.mode, method: c.method, quant: c.quant, engine: c.engine }) !== null) return false;
  if (parallelProblems(arch, c).length > 0) return false;
  if (c.optimizer === 'galore' && !galoreRunnable(c.method, c.sharding)) return false;
  return withModelAttention({ config: c, assumed: [] }, arch).ok;
}

/** The changes worth trying for this config (each one applicable, different from it, and runnable for `arch` when given). */
export function candidates(c: EstimateConfig, gpu: Gpu | null = null, arch: ModelArch | null = null): Candidate[] {
  const out: Candidate[] = [];
  const add = (change: Partial<EstimateConfig>, text: string, title: string, cost: string, invasiveness: number): void => {
    if (arch !== null && !runnable(arch, { ...c, ...change } as EstimateConfig)) return;
    out.push({ change, text, title, cost, invasiveness });
  };
  if (c.mode === 'infer') {
    servingCandidates(c, gpu, add);
    if (c.engine !== 'llamacpp' && c.kv !== 'fp8' && c.kv !== 'int8' && c.kv !== 'q8_0' && c.kv !== 'q4_0') add({ kv: 'fp8' }, 'kv:fp8', 'FP8 KV cache', c.engine === 'vllm' || c.engine === 'sglang' ? 'tiny quality cost (--kv-cache-dtype fp8)' : 'tiny quality cost; needs vLLM/TensorRT-LLM style kernels', 2);
    if (c.engine !== 'llamacpp' && c.quant === 'none') add({ quant: 'int8' }, 'quant:int8', '8-bit weights (LLM.int8)', 'slower matmuls, small quality cost', 2);
    if (c.engine !== 'llamacpp' && (c.quant === 'none' || c.quant === 'int8')) add({ quant: 'nf4' }, 'quant:nf4', '4-bit NF4 weights', 'quality cost; bitsandbytes kernels', 2);
    if (c.attention === 'eager') add({ attention: 'sdpa' }, 'attention:sdpa', 'SDPA attention (no s² scores)', 'none', 0);
    if (c.batch > 1) add({ batch: Math.max(1, Math.floor(c.batch / 2)) }, `batch:${Math.max(1, Math.floor(c.batch / 2))}`, 'half the concurrent sequences', 'half the throughput', 5);
    if (c.context > 2048) add({ context: Math.floor(c.context / 2) }, `context:${Math.floor(c.context / 2)}`, 'half the context', 'shorter prompts/answers', 5);
    return out;
  }
  if (c.optimizer === 'adamw') add({ optimizer: 'adamw-fused' }, 'optimizer:adamw-fused', 'fused AdamW (no foreach temporaries)', 'none: same maths', 0);
  // TRL's objectives compute their own log-probs (selective_log_softmax): the chunked and fused losses are not modelled there.
  if (c.loss !== 'fused' && c.objective === 'sft') add({ loss: 'fused' }, 'loss:fused', 'fused linear cross-entropy: no logits tensor (Liger, Unsloth, Cut Cross-Entropy)', 'none: same loss', 0);
  // Fused kernels (src/estimator/activations.ts): Liger's RMSNorm and SwiGLU keep less for backward.
  if (c.kernels === 'none' && c.objective === 'sft') add({ kernels: 'liger' }, 'kernels:liger', 'Liger\'s fused RMSNorm and SwiGLU (less kept for backward)', 'none: same maths (liger-kernel)', 0);
  // torchtune's optimizer in backward: one gradient alive (src/estimator/state.ts gradientBytes).
  if (!c.optInBwd && c.method === 'full' && c.accum === 1 && c.offload === 'none' && !c.sharding.startsWith('zero') && c.objective === 'sft') {
    add({ optInBwd: true }, 'opt_in_bwd:true', 'optimizer step inside backward: one gradient alive (torchtune)', 'no gradient accumulation; the torchtune recipes', 1);
  }
  objectiveCandidates(c, gpu, add);
  if (c.attention === 'eager') {
    add({ attention: 'sdpa' }, 'attention:sdpa', 'SDPA attention (no s² scores)', 'none: same maths', 0);
    if (c.precision !== 'fp32') add({ attention: 'flash' }, 'attention:flash', 'FlashAttention-2 (no s² scores, GQA native)', 'needs the flash-attn package and an Ampere+ GPU', 0);
  }
  if (c.gc === 'false') add({ gc: 'true' }, 'gc:true', 'gradient checkpointing', 'one more forward of every layer per step (recomputed in backward)', 1);
  // act_offload already streams the checkpoints to host RAM (and needs gc:true); opt_in_bwd cannot accumulate.
  if (c.gc === 'true' && !c.actOffload) add({ gc: 'offload' }, 'gc:offload', 'checkpoints in CPU RAM', 'slower steps, needs host RAM and PCIe bandwidth', 1);
  if (c.batch > 1 && !c.optInBwd) {
    const b = Math.max(1, Math.floor(c.batch / 2));
    add({ batch: b, accum: c.accum * Math.ceil(c.batch / b) }, `batch:${b} accum:${c.accum * Math.ceil(c.batch / b)}`, 'smaller micro-batch, same effective batch', 'slower steps, same optimisation', 1);
  }
  if (c.optimizer === 'adamw' || c.optimizer === 'adamw-fused') {
    add({ optimizer: 'adamw-8bit' }, 'optimizer:adamw-8bit', '8-bit AdamW states (bitsandbytes)', 'tiny numerics change', 2);
  }
  if (c.precision === 'mixed') {
    // Cards without bf16 (V100, T4) can only go to pure fp16, which needs loss scaling.
    if (gpu === null || gpu.bf16) add({ precision: 'bf16' }, 'precision:bf16', 'pure bf16 weights and states', 'bf16 weight updates (use Kahan summation or a larger lr)', 2);
    else add({ precision: 'fp16' }, 'precision:fp16', `pure fp16 weights and states (${gpu.id} has no bf16)`, 'fp16 training needs loss scaling and is less stable', 2);
  }
  if (c.method === 'qlora' && !c.dq) add({ dq: true }, 'dq:true', 'double quantization of the NF4 constants', 'none', 0);
  if (c.method === 'full' && c.gpus === 1) {
    for (const n of [2, 4, 8]) add({ gpus: n, sharding: 'zero3' }, `gpus:${n} sharding:zero3`, `ZeRO-3 across ${n} GPUs`, `${n} GPUs and their interconnect`, 3);
  }
  if (c.gpus > 1 && !SHARDING_CAPS[c.sharding].weights) add({ sharding: 'zero3' }, 'sharding:zero3', 'ZeRO-3 (shard weights, grads and states)', 'more communication', 3);
  if (c.gpus > 1 && SHARDING_CAPS[c.sharding].weights && c.offload === 'none') add({ offload: 'optimizer' }, 'offload:optimizer', 'optimizer states in CPU RAM', 'much slower step; needs host RAM', 3);
  // Leaving full fine-tuning drops what only it has: GaLore (its rank is not a LoRA rank) and `freeze`.
  const fromFull: Partial<EstimateConfig> = c.method === 'full' ? { freeze: null, ...(c.optimizer === 'galore' ? { optimizer: 'adamw', rank: 16 } : {}) } : {};
  if (c.method === 'full') add({ method: 'lora', targets: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'], rank: c.rank, ...fromFull }, 'lora:true', 'LoRA on all linear layers', 'adapters instead of full weights', 4);
  if (c.method === 'full' || c.method === 'lora') add({ method: 'qlora', quant: 'nf4', upcast: true, targets: c.method === 'full' ? ['q', 'k', 'v', 'o', 'gate', 'up', 'down'] : c.targets, ...fromFull }, 'qlora:true', 'QLoRA (4-bit NF4 base)', 'adapters on a 4-bit base; slower, small quality cost', 4);
  // The other PEFT methods keep their method on a 4-bit base (PEFT's prepare_model_for_kbit_training applies to any of them).
  else if (c.method !== 'qlora' && c.quant === 'none') add({ quant: 'nf4', upcast: true }, 'quant:nf4', `${c.method} on a 4-bit NF4 base`, 'a 4-bit base; slower, small quality cost', 4);
  // A VLM with images (src/estimator/vision.ts): freeze the tower, or fewer pixels per image (Qwen2.5-VL's max_pixels).
  const layout = arch ? configLayout(arch, c) : null;
  if (layout && c.vision !== 'frozen') add({ vision: 'frozen' }, 'vision:frozen', 'vision tower and projector frozen (nothing saved for them)', 'the tower does not adapt to your images', 3);
  if (layout && arch?.vision?.processing.kind === 'qwen2_5_vl' && layout.resizedWidth * layout.resizedHeight > 2 * 200_704) {
    const half = Math.floor((layout.resizedWidth * layout.resizedHeight) / 2);
    add({ maxPixels: half }, `max_pixels:${half}`, 'half the pixels per image (half the image tokens)', 'less image detail', 4);
  }
  if (c.seq > 512) add({ seq: Math.floor(c.seq / 2) }, `seq:${Math.floor(c.seq / 2)}`, 'half the sequence length', 'truncates or re-packs your data', 5);
  return out;
}

/**
 * The preference and RL objectives' own knobs (src/estimator/objectives.ts), each re-estimated:
 * - `ref:precomputed` (dpo, ipo, kto): no reference copy and no reference forward in the step;
 * - grpo `beta:0` with a reference: TRL then loads none;
 * - grpo `rollout:vllm sleep:true` (a named card) instead of HF generate, `sleep:true` for a colocated vLLM
 *   that stays awake, and `rollout:server` (the generation on other GPUs);
 * - grpo fewer generations with the batch (TRL's batch counts completions: fewer per prompt alone
 *   changes nothing), and a shorter `completion`.
 */
function objectiveCandidates(c: EstimateConfig, gpu: Gpu | null, add: (change: Partial<EstimateConfig>, text: string, title: string, cost: string, invasiveness: number) => void): void {
  const o = c.objective;
  if ((o === 'dpo' || o === 'ipo' || o === 'kto') && c.ref !== 'precomputed') {
    add({ ref: 'precomputed' }, 'ref:precomputed', 'reference log-probs computed before training (precompute_ref_log_probs)', 'one extra pass over the dataset before training', 1);
  }
  if (o !== 'grpo') return;
  if ((c.beta ?? 0) > 0) add({ beta: 0 }, 'beta:0', 'no KL term: TRL loads no reference model (GRPOConfig.beta 0, its default)', 'no KL penalty towards the reference', 2);
  if (c.rollout === 'hf' && gpu !== null) add({ rollout: 'vllm', sleep: true }, 'rollout:vllm sleep:true', 'colocated vLLM generation, asleep during the training step', 'vLLM installed; weight sync each step; waking adds latency', 2);
  if (c.rollout === 'vllm' && !c.sleep) add({ sleep: true }, 'sleep:true', 'vLLM sleep mode: its weights and KV cache released outside generation', 'waking vLLM adds host-device transfer latency each step', 1);
  if (c.rollout !== 'server') add({ rollout: 'server', sleep: false }, 'rollout:server', 'generation on a separate vLLM server (trl vllm-serve)', 'GPUs of its own for the server', 3);
  const g = c.generations ?? 0;
  const half = Math.floor(g / 2);
  const b = Math.floor(c.batch / 2);
  if (half >= 2 && b >= 1 && (b * c.gpus * c.accum) % half === 0) {
    add({ generations: half, batch: b }, `generations:${half} batch:${b}`, `${half} completions per prompt, the same prompts per step`, 'noisier group advantages', 3);
  }
  const comp = c.completion ?? 0;
  if (comp > 256) add({ completion: Math.floor(comp / 2) }, `completion:${Math.floor(comp / 2)}`, 'half the completion length (max_completion_length)', 'longer answers are truncated', 5);
}

/**
 * The serving engines' own knobs, where they help:
 * - vLLM `util:` (gpu_memory_utilization) up to 0.95 when a named card is short: a larger budget
 *   for weights, activations and KV; it saves nothing, so it only shows when it makes the setup fit;
 * - vLLM/SGLang `eager:true` (enforce_eager / disable_cuda_graph): no CUDA graphs;
 * - vLLM `max_seqs:` (max_num_seqs) down to what the batch needs when the default is far above it:
 *   a smaller sampler pass in the profile run and fewer graphs; SGLang `max_seqs:` caps
 *   cuda_graph_max_bs the same way;
 * - llama.cpp `kv:q8_0` / `kv:q4_0` (its cache types), and `ngl:` half the layers (the rest in host RAM).
 */
function servingCandidates(c: EstimateConfig, gpu: Gpu | null, add: (change: Partial<EstimateConfig>, text: string, title: string, cost: string, invasiveness: number) => void): void {
  if (c.engine === 'vllm') {
    const util = c.util ?? VLLM_GPU_MEMORY_UTILIZATION;
    if (gpu !== null && util < VLLM_TIP_MAX_UTIL) add({ util: VLLM_TIP_MAX_UTIL }, `util:${VLLM_TIP_MAX_UTIL}`, `vLLM takes ${VLLM_TIP_MAX_UTIL * 100}% of the card (gpu_memory_utilization)`, 'less headroom for the CUDA graphs, the CUDA context and other processes on the card', 1);
  }
  if ((c.engine === 'vllm' || c.engine === 'sglang') && !c.eager) add({ eager: true }, 'eager:true', `no CUDA graphs (${c.engine === 'vllm' ? 'enforce_eager' : 'disable_cuda_graph'})`, 'slower decode at small batches (every step launches its kernels again)', 1);
  if (c.engine === 'vllm' || c.engine === 'sglang') {
    const current = c.engine === 'vllm' ? vllmSettings({ cfg: c }).maxSeqs : c.maxSeqs ?? Infinity;
    const want = Math.max(16, 2 ** Math.ceil(Math.log2(Math.max(1, c.batch))));
    if (current > 2 * want) add({ maxSeqs: want }, `max_seqs:${want}`, `at most ${want} sequences at once (${c.engine === 'vllm' ? 'max_num_seqs' : 'max_running_requests'})`, 'lower peak throughput with many concurrent users', 1);
  }
  if (c.engine === 'llamacpp') {
    if (c.kv !== 'q8_0' && c.kv !== 'q4_0') add({ kv: 'q8_0' }, 'kv:q8_0', '8-bit (q8_0) KV cache', 'tiny quality cost; needs flash attention (the default)', 2);
    if (c.kv !== 'q4_0') add({ kv: 'q4_0' }, 'kv:q4_0', '4-bit (q4_0) KV cache', 'some quality cost; needs flash attention (the default)', 2);
    const layers = c.ngl ?? Infinity;
    const half = Number.isFinite(layers) ? Math.floor(layers / 2) : null;
    if (half !== null && half >= 1) add({ ngl: half }, `ngl:${half}`, `only ${half} layers on the GPU, the rest in host RAM`, 'much slower: the CPU layers run at host-memory speed', 3);
  }
}

/** The highest gpu_memory_utilization a tip proposes: enough room left for graphs and the CUDA context on most cards. */
const VLLM_TIP_MAX_UTIL = 0.95;

/** Re-estimates each candidate and returns the tips that save memory, ranked. */
export function tipsFor(r: Resolved, base: Omit<Report, 'tips'>): Tip[] {
  const c = r.built.config;
  const tips: (Tip & { invasiveness: number })[] = [];
  for (const cand of candidates(c, r.gpu, r.arch)) {
    const config = { ...c, ...cand.change } as EstimateConfig;
    const e = estimate(r.arch, { config, assumed: [] });
    const saved = base.totalBytes - e.totalBytes;
    // Makes it fit: the changed setup's verdict on the named card is `fits` (the top of its range fits).
    const makesFit = r.gpu !== null && (base.target?.verdict ?? 'fits') !== 'fits'
      && fitOn(r.gpu, e.totalBytes, config, boundsFor(e.totalBytes, estimateRange(e.totalBytes, config, r.arch, e.tokens), config)).verdict === 'fits';
    // A budget change (vLLM's util) saves nothing but can make the setup fit.
    if (saved < 0.01 * 1024 ** 3 && !makesFit) continue;
    // The time the change costs beside the memory it saves (src/estimator/time.ts), when a card is named.
    const dt = base.time.kind === 'none' ? null : timeDelta(base.time, estimateTime(r.arch, config).time);
    tips.push({ change: cand.text, title: cand.title, savedBytes: saved, newTotalBytes: e.totalBytes, makesFit, cost: cand.cost, invasiveness: cand.invasiveness, ...(dt !== null ? { timeDelta: dt } : {}) });
  }
  if (r.gpu !== null && (base.target?.verdict ?? 'fits') !== 'fits' && !tips.some((t) => t.makesFit)) {
    const combo = cheapestCombination(r, usableBytes(r.gpu, c));
    if (combo) {
      tips.push({
        change: combo.changes.map((x) => x.text).join(' '), title: `together: ${combo.changes.map((x) => x.title).join(' + ')}`,
        savedBytes: base.totalBytes - combo.totalBytes, newTotalBytes: combo.totalBytes, makesFit: true,
        cost: combo.changes.map((x) => x.cost).join('; '), invasiveness: Math.max(...combo.changes.map((x) => x.invasiveness)),
        ...(() => { const dt = base.time.kind === 'none' ? null : timeDelta(base.time, estimateTime(r.arch, combo.config).time); return dt !== null ? { timeDelta: dt } : {}; })(),
      });
    }
  }
  tips.sort((a, b) => {
    if (a.makesFit !== b.makesFit) return a.makesFit ? -1 : 1;
    if (a.makesFit) return a.invasiveness - b.invasiveness || b.savedBytes - a.savedBytes;
    return b.savedBytes - a.savedBytes;
  });
  return tips.map(({ invasiveness: _i, ...t }) => t);
}

/**
 * The least invasive set of changes that brings the per-GPU total under `capacityBytes`, and a
 * minimal one: no change in it can be left out.
 * 1. If one change alone fits, the least invasive such change (then the one that leaves the most
 *    room): never a pair when one would do.
 * 2. Otherwise greedy over the candidates in order of invasiveness (then saving), keeping a change
 *    only when it lowers the estimate, until it fits; then every change the rest fits without is
 *    dropped again, most invasive first.
 * Returns null when even all of them together do not fit.
 */
export function cheapestCombination(r: Resolved, capacityBytes: number): { changes: Candidate[]; config: EstimateConfig; totalBytes: number } | null {
  const base = r.built.config;
  // Compared with the card: the top of each setup's likely range (or its margin), as the fit solver sizes.
  const totalOf = (config: EstimateConfig): number => { const e = estimate(r.arch, { config, assumed: [] }); return sizingBytes(r.arch, config, e.totalBytes, e.tokens); };
  const centralOf = (config: EstimateConfig): number => estimate(r.arch, { config, assumed: [] }).totalBytes;
  const apply = (changes: readonly Candidate[]): EstimateConfig => changes.reduce((c, x) => ({ ...c, ...x.change }) as EstimateConfig, base);
  let total = totalOf(base);
  if (total <= capacityBytes) return { changes: [], config: base, totalBytes: centralOf(base) };

  let single: { cand: Candidate; config: EstimateConfig; total: number } | null = null;
  for (const cand of candidates(base, r.gpu, r.arch)) {
    const config = apply([cand]);
    const t = totalOf(config);
    if (t > capacityBytes) continue;
    if (!single || cand.invasiveness < single.cand.invasiveness || (cand.invasiveness === single.cand.invasiveness && t < single.total)) single = { cand, config, total: t };
  }
  if (single) return { changes: [single.cand], config: single.config, totalBytes: centralOf(single.config) };

  let config = base;
  let chosen: Candidate[] = [];
  const keyOf = (c: Candidate): string => c.text.split(':')[0] ?? c.text;
  search: for (let level = 0; level <= 5; level++) {
    // Re-derive candidates from the current config: earlier changes open new ones (gc:true -> gc:offload).
    for (;;) {
      const options = candidates(config, r.gpu, r.arch).filter((c) => c.invasiveness === level && !chosen.some((x) => keyOf(x) === keyOf(c)));
      let best: { cand: Candidate; cfg: EstimateConfig; total: number } | null = null;
      for (const cand of options) {
        const cfg = { ...config, ...cand.change } as EstimateConfig;
        const t = totalOf(cfg);
        if (t < total && (!best || t < best.total)) best = { cand, cfg, total: t };
      }
      if (!best) break;
      chosen.push(best.cand);
      config = best.cfg;
      total = best.total;
      if (total <= capacityBytes) break search;
    }
  }
  if (total > capacityBytes) return null;
  // Minimal: drop any change the others fit without (most invasive first), until none can go.
  for (let dropped = true; dropped;) {
    dropped = false;
    const order = [...chosen].sort((a, b) => b.invasiveness - a.invasiveness);
    for (const c of order) {
      const rest = chosen.filter((x) => x !== c);
      const t = totalOf(apply(rest));
      if (t <= capacityBytes) {
        chosen = rest;
        dropped = true;
        break;
      }
    }
  }
  config = apply(chosen);
  return { changes: chosen, config, totalBytes: centralOf(config) };
}
