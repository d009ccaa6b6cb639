import { z } from 'zod';
import { int } from '../format/text';

/**
 * Exact parameter counts from the Hub's safetensors metadata, parsed from the two places the Hub
 * publishes them. Pure: the adapter fetches, these read.
 */

/** What the default `officialParams.source` of a Hub count says. */
export const HUB_PARAMS_SOURCE = 'Hub safetensors metadata';

export interface ExactParams {
  readonly count: number;
  readonly source: string;
}

const COUNT = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Tensor dtypes whose element count is a parameter count (packed int4/int8 formats are not). */
const FLOAT_DTYPES = new Set(['F64', 'F32', 'F16', 'BF16', 'F8_E4M3', 'F8_E5M2']);

const ApiModel = z.object({
  safetensors: z.object({ total: COUNT, parameters: z.record(z.string(), z.number()).optional() }),
});

/**
 * `safetensors.total` of `GET /api/models/<id>` (the count on the model page), when every dtype
 * it lists holds one parameter per element.
 *
 * @example paramsFromApi({ safetensors: { parameters: { BF16: 8030261248 }, total: 8030261248 } })
 * // { count: 8030261248, source: 'Hub safetensors metadata (API safetensors.total)' }
 */
export function paramsFromApi(json: unknown): ExactParams | undefined {
  const r = ApiModel.safeParse(json);
  if (!r.success) return undefined;
  const dtypes = Object.keys(r.data.safetensors.parameters ?? {});
  if (dtypes.some((d) => !FLOAT_DTYPES.has(d))) return undefined;
  return { count: r.data.safetensors.total, source: `${HUB_PARAMS_SOURCE} (API safetensors.total)` };
}

/** Bytes per parameter of the `torch_dtype` values whose weights are stored unpacked. */
const DTYPE_BYTES = new Map([['bfloat16', 2], ['float16', 2], ['float32', 4]]);

const Index = z.object({ metadata: z.object({ total_size: COUNT }) });
const DtypeConfig = z.object({
  torch_dtype: z.string().optional(),
  dtype: z.string().optional(),
  quantization_config: z.unknown().optional(),
  text_config: z.object({ torch_dtype: z.string().optional(), dtype: z.string().optional() }).optional(),
});

/**
 * A parameter count from `model.safetensors.index.json`: `metadata.total_size` is in BYTES, so
 * it is divided by the size of the config's `torch_dtype` (bfloat16/float16: 2, float32: 4).
 * Only when that dtype is known, the checkpoint is not quantized and the division is exact; the
 * source says it was derived.
 *
 * @example paramsFromIndex({ metadata: { total_size: 16060522496 } }, { torch_dtype: 'bfloat16' })
 * // { count: 8030261248, source: 'Hub safetensors metadata (model.safetensors.index.json total_size 16,060,522,496 bytes / 2 bytes per bfloat16 parameter)' }
 */
export function paramsFromIndex(json: unknown, config: unknown): ExactParams | undefined {
  const idx = Index.safeParse(json);
  const cfg = DtypeConfig.safeParse(config);
  if (!idx.success || !cfg.success || cfg.data.quantization_config !== undefined) return undefined;
  const c = cfg.data;
  const dtype = c.torch_dtype ?? c.dtype ?? c.text_config?.torch_dtype ?? c.text_config?.dtype;
  const bytes = dtype === undefined ? undefined : DTYPE_BYTES.get(dtype);
  const total = idx.data.metadata.total_size;
  if (dtype === undefined || bytes === undefined || total % bytes !== 0) return undefined;
  return {
    count: total / bytes,
    source: `${HUB_PARAMS_SOURCE} (model.safetensors.index.json total_size ${int(total)} bytes / ${bytes} bytes per ${dtype} parameter)`,
  };
}
