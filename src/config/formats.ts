/**
 * Weight formats and what each one's tooling allows: serving on which engines, training adapters
 * on top (QLoRA-style) or not. `formatProblem` is called by `buildConfig` with the settings; an
 * error names the key and says why. `withCheckpointFormat` serves a model whose checkpoint ships
 * quantized (`ModelArch.checkpointQuant`) in that format when `quant` was not given.
 *
 * Training (a frozen quantized base with LoRA adapters; `method:lora` on a quantized base is
 * QLoRA in all but name, so buildConfig makes it `qlora` before calling here):
 * - bitsandbytes `nf4`, `fp4`, `int8`: PEFT's bnb LoRA layers (peft/tuners/lora/bnb.py).
 * - `awq-int4`: transformers `AwqQuantizer.is_trainable` (autoawq >= 0.2.0, "AWQ supports PEFT
 *   fine-tuning") and PEFT's `AwqLoraLinear` (peft/tuners/lora/awq.py `dispatch_awq`).
 * - `gptq-int4`, `gptq-int8`: transformers `GptqHfQuantizer.is_trainable` and PEFT's
 *   `GPTQLoraLinear` (peft/tuners/lora/gptq.py `dispatch_gptq`, via gptqmodel / auto-gptq).
 * - refused: `fp8-block` (transformers `FineGrainedFP8HfQuantizer.is_trainable` returns False),
 *   `fp8` (no PEFT LoRA layer for FP8 linears; compressed-tensors' `CompressedLinear`
 *   decompresses an FP8 checkpoint to 16-bit on its first forward, which is `method:lora` on the
 *   16-bit model), `mxfp4` (`Mxfp4HfQuantizer.is_trainable` returns False: "please consider
 *   dequantizing the model first by passing quantization_config=Mxfp4Config(dequantize=True)"),
 *   GGUF (transformers dequantizes a GGUF file on load; llama.cpp is not a training stack here).
 *
 * Serving engines:
 * - `llamacpp` loads GGUF files only: the GGUF types, `none` (an F16/BF16 GGUF) and `mxfp4`
 *   (llama.cpp's `MXFP4_MOE` files, as ggml-org ships gpt-oss).
 * - `hf`, `vllm`, `sglang`: every checkpoint format but GGUF. vLLM's quantization methods include
 *   bitsandbytes, fp8 (block scales too), compressed-tensors, awq/awq_marlin, gptq/gptq_marlin and
 *   mxfp4 (vllm/model_executor/layers/quantization/__init__.py `method_to_config`); its GGUF loader
 *   is documented as "highly experimental and under-optimized" (docs.vllm.ai, Quantization: GGUF)
 *   and is not modelled; transformers dequantizes GGUF weights to full precision on load
 *   (huggingface.co/docs/transformers/gguf).
 */
import type { InputError } from './errors';
import { BNB_QUANTS, GGUF_QUANTS } from './keys';
import type { AssumedKey, BuiltConfig } from './schema';

export interface FormatSettings {
  readonly mode: string;
  readonly method: string;
  readonly quant: string;
  readonly engine: string;
}

const isGguf = (q: string): boolean => (GGUF_QUANTS as readonly string[]).includes(q);
const isBnb = (q: string): boolean => (BNB_QUANTS as readonly string[]).includes(q);

/** Formats a frozen base can train adapters on, and why the others cannot. */
const TRAIN_REFUSALS: Readonly<Record<string, string>> = {
  fp8: 'no tooling trains LoRA on a frozen FP8 base: PEFT has no FP8 LoRA layer, and transformers decompresses compressed-tensors FP8 checkpoints to 16-bit on the first forward. Train on the 16-bit model (`quant:none`), or use `quant:nf4` / `int8` (bitsandbytes) or `awq-int4` / `gptq-int4` as the quantized base.',
  'fp8-block': 'transformers\' fine-grained FP8 quantizer (DeepSeek-style 128x128 blocks) does not support training (`is_trainable` is False). Train on the 16-bit weights (`quant:none`) or a bitsandbytes base (`quant:nf4`).',
  mxfp4: 'transformers does not train on MXFP4 weights (`Mxfp4HfQuantizer.is_trainable` is False); dequantize to bf16 first (`Mxfp4Config(dequantize=True)`, as OpenAI\'s gpt-oss fine-tuning recipe does): `quant:none`, or `quant:nf4` for a 4-bit base.',
};

/** Why this format does not go with these settings, or null when it does. */
export function formatProblem(s: FormatSettings): InputError | null {
  const q = s.quant;
  if (q === 'none') return null;
  if (s.mode === 'train') {
    if (isBnb(q) || q === 'awq-int4' || q === 'gptq-int4' || q === 'gptq-int8') return null;
    if (isGguf(q)) {
      return { code: 'conflict', key: 'quant', value: q, detail: 'GGUF is llama.cpp\'s inference format: transformers dequantizes it on load and PEFT cannot train on it. Train on the 16-bit model (`quant:none`) or a bitsandbytes base (`quant:nf4`), then export to GGUF.' };
    }
    const why = TRAIN_REFUSALS[q];
    return why ? { code: 'conflict', key: 'quant', value: q, detail: why } : null;
  }
  if (s.engine === 'llamacpp') {
    if (isGguf(q) || q === 'mxfp4') return null;
    return { code: 'conflict', key: 'quant', value: q, detail: `llama.cpp loads GGUF files only, not ${q} checkpoints: convert the model with convert_hf_to_gguf.py and pick a GGUF type (\`quant:q4_k_m\`, \`q5_k_m\`, \`q6_k\`, \`q8_0\`, \`q4_0\`), or serve ${q} with \`engine:vllm\` or \`engine:hf\`.` };
  }
  if (isGguf(q)) {
    const why = s.engine === 'vllm'
      ? 'vLLM\'s GGUF support is experimental (its docs call it "highly experimental and under-optimized") and is not modelled here'
      : s.engine === 'sglang'
        ? 'SGLang\'s GGUF loading goes through vLLM\'s experimental GGUF kernels and is not modelled here'
        : 'transformers dequantizes GGUF weights to full precision when it loads them, so nothing is served as GGUF';
    return { code: 'conflict', key: 'quant', value: q, detail: `${why}: use \`engine:llamacpp\` for GGUF, or a checkpoint format (\`awq-int4\`, \`gptq-int4\`, \`fp8\`) on this engine.` };
  }
  return null;
}

/**
 * A model whose checkpoint ships quantized (`ModelArch.checkpointQuant`: gpt-oss in `mxfp4`,
 * DeepSeek-V3/R1 in `fp8-block`): when `quant` was not given, serving uses that format (recorded
 * as an assumption); training says the checkpoint is dequantized to 16-bit first (the only way
 * either format trains). Where the engine cannot load the native format (llama.cpp and
 * `fp8-block`), the config stays as built.
 *
 * @param checkpointQuant the resolved model's `checkpointQuant` (undefined: a 16-bit checkpoint)
 * @param quantGiven whether the user typed a `quant` key
 */
export function withCheckpointFormat(built: BuiltConfig, checkpointQuant: string | undefined, quantGiven: boolean): BuiltConfig {
  if (checkpointQuant === undefined || quantGiven) return built;
  const c = built.config;
  if (c.mode === 'train') {
    // A PEFT method on a quantized base keeps its format; any other method trains on the 16-bit dequantization.
    if (c.method === 'qlora' || c.quant !== 'none') return built;
    const note: AssumedKey = { key: 'quant', value: 'none', why: `the checkpoint ships in ${checkpointQuant}; training runs on its 16-bit dequantization` };
    return { config: c, assumed: [...built.assumed, note] };
  }
  if (formatProblem({ mode: c.mode, method: c.method, quant: checkpointQuant, engine: c.engine }) !== null) return built;
  const note: AssumedKey = { key: 'quant', value: checkpointQuant, why: `the checkpoint ships in ${checkpointQuant}` };
  return { config: { ...c, quant: checkpointQuant as typeof c.quant }, assumed: [...built.assumed.filter((a) => a.key !== 'quant'), note] };
}
