/**
 * Weight formats and what each one's tooling allows: serving on which engines, training adapters
 * on top (QLoRA-style) or not. `formatProblem` is called by `buildConfig` with the settings; an
 * error names the key and says why.
 */
import type { InputError } from './errors';

export interface FormatSettings {
  readonly mode: string;
  readonly method: string;
  readonly quant: string;
  readonly engine: string;
}

/** Why this format does not go with these settings, or null when it does. */
export function formatProblem(_s: FormatSettings): InputError | null {
  return null;
}
