/**
 * Errors of the Hugging Face Hub lookup, as values with a stable code (the same lane as
 * `src/config/errors.ts`): the Hub id is malformed, the repo is gated or missing, the lookup
 * timed out, its config.json is not JSON or is built to break parsers, or it describes an
 * architecture vram-bot does not model. Error values never carry a local file path, a stack or
 * the token.
 * {@link describeHubError} turns one into the sentence users see.
 */
import { fail, ok, type Result } from '../result';

export type HubErrorCode =
  /** The text is not a plain `org/name` Hub id (URL, path trick, bad characters). */
  | 'bad_hub_id'
  /** Gated or private: the server answered 401/403. */
  | 'gated'
  /** No such repo, or no config.json in it. */
  | 'not_found'
  /** A request ran past its timeout, or the lookup past its total deadline, before config.json was read. */
  | 'timeout'
  /** A response body went over the size cap. */
  | 'too_large'
  /** Any other failure of the Hub: 5xx, 429, a redirect off the Hub host, a network error. */
  | 'upstream'
  /** config.json is not JSON (or not a JSON object). */
  | 'bad_json'
  /** config.json is JSON but nested too deeply or with too many entries to be a model config (see `src/hub/json.ts`). */
  | 'too_complex'
  /** config.json is JSON but a field vram-bot needs is missing or malformed. */
  | 'bad_config'
  /** config.json names a `model_type` vram-bot cannot model (state-space, encoder-decoder, ...). */
  | 'unsupported_architecture';

export interface HubError {
  readonly code: HubErrorCode;
  /** The Hub id (or the text typed for it). */
  readonly id: string;
  /** Why, in one sentence: the field, the model_type and what is missing, the HTTP status. */
  readonly detail?: string;
  /** `model_type` of config.json, for `unsupported_architecture` and `bad_config`. */
  readonly modelType?: string;
  /** HTTP status, for `gated`, `not_found` and `upstream`. */
  readonly status?: number;
}

export type HubResult<T> = Result<T, HubError>;

export const hubOk = <T>(value: T): HubResult<T> => ok(value);
export const hubFail = <T>(...errors: HubError[]): HubResult<T> => fail(...errors);

/**
 * One friendly sentence per error, naming the id and what to do.
 *
 * @example describeHubError({ code: 'gated', id: 'meta-llama/Llama-3.1-8B' })
 * // "`meta-llama/Llama-3.1-8B` is gated on the Hugging Face Hub: needs HF_TOKEN with access to meta-llama/Llama-3.1-8B."
 */
export function describeHubError(e: HubError): string {
  const id = `\`${e.id}\``;
  const detail = e.detail ? ` ${e.detail}` : '';
  switch (e.code) {
    case 'bad_hub_id':
      return `${id} is not a Hugging Face Hub id: write it as \`org/name\` (letters, digits, \`.\`, \`_\`, \`-\`), without a URL.${detail}`;
    case 'gated':
      return `${id} is gated or private on the Hugging Face Hub: needs HF_TOKEN with access to ${e.id}.${detail}`;
    case 'not_found':
      return `${id} was not found on the Hugging Face Hub.${detail}`;
    case 'timeout':
      return `The Hugging Face Hub did not answer in time for ${id}; try again in a moment.${detail}`;
    case 'too_large':
      return `The Hugging Face Hub sent more data than expected for ${id}, so I stopped reading.${detail}`;
    case 'upstream':
      return `The Hugging Face Hub could not give me the config of ${id}${e.status !== undefined ? ` (HTTP ${e.status})` : ''}; try again later.${detail}`;
    case 'bad_json':
      return `The config.json of ${id} is not valid JSON.${detail}`;
    case 'too_complex':
      return `The config.json of ${id} is too complex to be a model config, so I did not read it.${detail}`;
    case 'bad_config':
      return `The config.json of ${id}${e.modelType ? ` (model_type \`${e.modelType}\`)` : ''} is not one I can read.${detail}`;
    case 'unsupported_architecture':
      return `${id} is a \`${e.modelType ?? '?'}\` model, which I cannot estimate:${detail}`;
  }
}
