/**
 * The one result type of the project: a value, or the errors that explain why there is none.
 * Bad input and expected failures (an unknown model, a preset that is not there, a Hub that does
 * not answer) are values of this type, never exceptions; a reply is built from the errors at the
 * end, by the command that knows what was asked.
 */
import type { InputError } from './config/errors';

export type Result<T, E = InputError> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly E[] };

export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });
export const fail = <E>(...errors: E[]): { readonly ok: false; readonly errors: readonly E[] } => ({ ok: false, errors });
