/**
 * The attention kernels transformers offers a model class, where they are fewer than the three
 * of the grammar. Applies to the HF stack: every training estimate and `engine:hf` serving (vLLM,
 * SGLang and llama.cpp bring their own kernels).
 *
 * - Learned attention sinks (gpt-oss): `GptOssPreTrainedModel._supports_sdpa = False`
 *   (transformers models/gpt_oss/modular_gpt_oss.py): torch's SDPA has no sink term. With
 *   attention left at its default, transformers falls back to eager, which materialises the
 *   `s x s` scores (`attention:flash` is the kernels-community FlashAttention-3 with sinks).
 * - Chunked local attention (Llama 4): `Llama4PreTrainedModel._supports_flash_attn = False`
 *   (models/llama4/modeling_llama4.py).
 */
import type { ModelArch } from '../model/arch';
import type { BuiltConfig } from './schema';
import type { InputError } from './errors';

export function withModelAttention(built: BuiltConfig, arch: ModelArch): { ok: true; built: BuiltConfig } | { ok: false; error: InputError } {
  const c = built.config;
  if (c.mode === 'infer' && c.engine !== 'hf') return { ok: true, built };
  const defaulted = built.assumed.some((a) => a.key === 'attention');
  if (arch.attentionSinks === true && c.attention === 'sdpa') {
    if (!defaulted) {
      return { ok: false, error: { code: 'conflict', key: 'attention', value: 'sdpa', detail: `transformers has no SDPA path for ${arch.name} (its learned attention sinks; \`_supports_sdpa = False\`): use \`attention:eager\` (materialises the s x s scores) or \`attention:flash\` (FlashAttention-3 with sinks, Hopper).` } };
    }
    return {
      ok: true,
      built: {
        config: { ...c, attention: 'eager' },
        assumed: [...built.assumed.filter((a) => a.key !== 'attention'), { key: 'attention', value: 'eager', why: `transformers has no SDPA path for ${arch.name} (learned attention sinks) and falls back to eager: the s x s scores are materialised` }],
      },
    };
  }
  if (arch.localAttention === 'chunked' && c.attention === 'flash') {
    return { ok: false, error: { code: 'conflict', key: 'attention', value: 'flash', detail: `transformers has no FlashAttention path for ${arch.name} (\`_supports_flash_attn = False\`): use \`attention:sdpa\`.` } };
  }
  return { ok: true, built };
}
