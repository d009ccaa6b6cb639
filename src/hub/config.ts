import { int } from '../format/text';
import type { ModelArch } from '../model/arch';
import { countParams } from '../model/params';
import { hubFail, hubOk, type HubResult } from './errors';
import { CLASSIC_FAMILIES } from './families-classic';
import { DENSE_FAMILIES } from './families-dense';
import { MOE_FAMILIES } from './families-moe';
import type { Family } from './family';
import { ConfigProblem } from './fields';
import { gemma3 } from './gemma3';
import { llava, llavaNext } from './llava';
import { mllama } from './mllama';
import { validateHubId } from './id';
import { jsonValueProblem, tooComplex } from './json';
import { HUB_PARAMS_SOURCE } from './safetensors';
import { unsupportedReason } from './unsupported';

/** Every `model_type` {@link archFromConfig} reads, with how. */
const FAMILIES: ReadonlyMap<string, Family> = new Map([...DENSE_FAMILIES, ...CLASSIC_FAMILIES, ...MOE_FAMILIES, ['gemma3', gemma3], ['llava', llava], ['llava_next', llavaNext], ['mllama', mllama]]);

/** The `model_type`s vram-bot maps from a Hugging Face config.json, sorted. */
export const SUPPORTED_MODEL_TYPES: readonly string[] = [...FAMILIES.keys()].sort();

/** A computed count that differs from the Hub's by more than this share gets a note saying so. */
const MISMATCH_NOTE_SHARE = 0.01;

export interface ArchFromConfigOptions {
  /** Exact parameter count from the Hub's safetensors metadata (ignored for quantized checkpoints). */
  readonly exactParams?: number;
  /** Where `exactParams` comes from; default {@link HUB_PARAMS_SOURCE}. */
  readonly paramsSource?: string;
  /** Where the config came from; default its config.json URL on huggingface.co. */
  readonly source?: string;
}

/** A JSON object (not null, not an array). */
export const isJsonObject = (x: unknown): x is Readonly<Record<string, unknown>> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Reads a Hugging Face `config.json` (already parsed from JSON) into the architecture record,
 * validating it per `model_type` with the transformers defaults for omitted fields. The record
 * is keyed by the Hub id (`id`, `name` and `hfId` are the id as given).
 *
 * `officialParams` is `exactParams` (source "Hub safetensors metadata") when given and the
 * checkpoint is not quantized, else the count computed from the config ("computed from
 * config.json"); a Hub count more than 1% off the computed one says so in its source.
 *
 * The value is first checked, without recursion, to be within the JSON limits of
 * `src/hub/json.ts` (depth 64, 100,000 entries per array or object), whoever parsed it.
 *
 * @returns the record, or `bad_hub_id`, `bad_json` (not an object), `too_complex` (nested too
 *   deeply, too many entries), `bad_config` (a field missing or malformed: the message names
 *   it) or `unsupported_architecture` (mamba, t5, bert, ...: the message says why and what
 *   vram-bot models).
 * @example archFromConfig('Qwen/Qwen2.5-0.5B', { model_type: 'qwen2', hidden_size: 896, ... })
 */
export function archFromConfig(hubId: string, config: unknown, opts: ArchFromConfigOptions = {}): HubResult<ModelArch> {
  const checked = validateHubId(hubId);
  if (!checked.ok) return checked;
  const id = checked.value;
  if (!isJsonObject(config)) return hubFail({ code: 'bad_json', id, detail: 'It is not a JSON object.' });
  const problem = jsonValueProblem(config);
  if (problem !== undefined) return hubFail(tooComplex(id, 'config.json', problem));
  const modelType = config.model_type;
  if (typeof modelType !== 'string' || modelType === '') {
    return hubFail({ code: 'bad_config', id, detail: 'It has no `model_type`, so it is not a transformers model config (GGUF-only, diffusers and adapter-only repos have none).' });
  }
  const fam = FAMILIES.get(modelType);
  if (!fam) return hubFail({ code: 'unsupported_architecture', id, modelType, detail: unsupportedReason(modelType, SUPPORTED_MODEL_TYPES) });

  let built;
  try {
    built = fam.read(config);
  } catch (e) {
    if (e instanceof ConfigProblem) return hubFail({ code: 'bad_config', id, modelType, detail: e.message });
    throw e;
  }
  const notes = built.notes.length > 0 ? `; ${built.notes.join('; ')}` : '';
  const draft: ModelArch = {
    id, name: id, family: modelType, hfId: id, aliases: [],
    configSource: `${opts.source ?? `https://huggingface.co/${id}/blob/main/config.json`} (model_type ${modelType})${notes}`,
    officialParams: { count: 0, source: '' },
    ...built.shape,
  };
  const computed = countParams(draft).total;
  return hubOk({ ...draft, officialParams: officialParams(computed, config, opts) });
}

/** The published count: the Hub's exact one when usable, else the computed one; the source says which and why. */
function officialParams(computed: number, config: Readonly<Record<string, unknown>>, opts: ArchFromConfigOptions): ModelArch['officialParams'] {
  const exact = opts.exactParams;
  const usable = exact !== undefined && Number.isSafeInteger(exact) && exact > 0;
  const quant = isJsonObject(config.quantization_config) ? config.quantization_config : undefined;
  if (usable && quant === undefined) {
    const off = (exact - computed) / computed;
    const note = Math.abs(off) > MISMATCH_NOTE_SHARE
      ? `; computed from config.json: ${int(computed)} (the Hub count is ${(Math.abs(off) * 100).toFixed(1)}% ${off > 0 ? 'higher: e.g. tied weights stored twice, extra prediction layers or buffers' : 'lower'})`
      : '';
    return { count: exact, source: `${opts.paramsSource ?? HUB_PARAMS_SOURCE}${note}` };
  }
  const method = typeof quant?.quant_method === 'string' ? ` ${quant.quant_method}` : '';
  const why = usable ? ` (the checkpoint is${method} quantized, so the Hub's tensor count is not a parameter count)` : '';
  return { count: computed, source: `computed from config.json${why}` };
}
