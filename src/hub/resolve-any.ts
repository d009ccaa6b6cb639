import { resolveModel, type ResolvedModel } from '../catalog/resolve';
import { ok, type InputError, type Result } from '../config/errors';
import { archFromConfig } from './config';
import type { ModelArch } from '../model/arch';
import { describeHubError, type HubError, type HubResult } from './errors';
import { looksLikeHubId, validateHubId } from './id';
import type { HubConfigRecord, HubConfigSource } from './source';

/**
 * An `unknown_model` error that came from the Hub lookup: `describeInputError` words it as
 * usual (the Hub's reason is in `detail`), and `hub` keeps the Hub's own code
 * (`gated`, `timeout`, `unsupported_architecture`, ...) for callers that branch on it.
 */
export interface HubInputError extends InputError {
  readonly hub: HubError;
}

/** `2025-06-01 12:34 UTC`. */
function utcMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * The catalog's error, or for Hub failures other than "not found" a plain `unknown_model`, with
 * the Hub's reason as its detail. Catalog suggestions are kept only where the id may be a typo.
 */
function hubError(query: string, catalogError: InputError | undefined, hub: HubError): HubInputError {
  const reason = describeHubError(hub);
  // The catalog's own explanation (a family without that size, near names) stays first: it is
  // right whatever the Hub said, and it is the useful part when the Hub cannot be reached.
  if (catalogError && (catalogError.detail || hub.code === 'not_found' || hub.code === 'bad_hub_id')) {
    return { ...catalogError, detail: catalogError.detail ? `${catalogError.detail} ${reason}` : reason, hub };
  }
  return { code: 'unknown_model', key: 'model', value: query, detail: reason, hub };
}

/**
 * Resolves a model name the way {@link resolveModel} does and, when the catalog does not know
 * it, the text looks like a Hub id (`org/name`) and a Hub source is given, reads the model's
 * config.json from the Hugging Face Hub. Without a source, or for text that is not `org/name`,
 * the catalog's error is returned unchanged.
 *
 * @returns the catalog model; or the Hub model with a note saying where it came from; or an
 *   `unknown_model` error whose detail gives the Hub's reason (gated, not found, unsupported
 *   architecture, ...) and whose `hub` field ({@link HubInputError}) keeps its code. Never
 *   rejects for anything the Hub or the source does.
 * @example await resolveModelAsync('llama-3.1-8b', hub) // catalog, no request
 * @example await resolveModelAsync('HuggingFaceTB/SmolLM3-3B', hub)
 * // ok: { arch, note: 'HuggingFaceTB/SmolLM3-3B is not in the catalog: ... fetched from the Hugging Face Hub config.json (cached ...)' }
 */
export async function resolveModelAsync(query: string, hub?: HubConfigSource): Promise<Result<ResolvedModel>> {
  const local = resolveModel(query);
  const text = query.trim();
  if (local.ok || !hub || !looksLikeHubId(text)) return local;
  const catalogError = local.errors[0];
  const id = validateHubId(text);
  if (!id.ok) return { ok: false, errors: id.errors.map((e) => hubError(query, catalogError, e)) };
  const failed = (errors: readonly HubError[]): Result<ResolvedModel> => ({ ok: false, errors: errors.map((e) => hubError(query, catalogError, e)) });
  // Nothing the Hub sends may throw out of here: a source that rejects, or a config that trips
  // the mapping, becomes a coded error (without the exception's text, which may name local paths).
  let got: HubResult<HubConfigRecord>;
  try {
    got = await hub.getConfig(id.value);
  } catch {
    return failed([{ code: 'upstream', id: id.value, detail: 'The lookup failed unexpectedly.' }]);
  }
  if (!got.ok) return failed(got.errors);
  const rec = got.value;
  let arch: HubResult<ModelArch>;
  try {
    arch = archFromConfig(rec.id, rec.config, { exactParams: rec.exactParams, paramsSource: rec.paramsSource, source: rec.source });
  } catch {
    return failed([{ code: 'bad_config', id: rec.id, detail: 'Reading it failed unexpectedly.' }]);
  }
  if (!arch.ok) return failed(arch.errors);
  const when = rec.fromCache ? `cached ${utcMinute(rec.fetchedAt)}` : `fetched ${utcMinute(rec.fetchedAt)}, now cached`;
  return ok({ arch: arch.value, note: `${rec.id} is not in the catalog: its architecture was fetched from the Hugging Face Hub config.json (${when})` });
}
