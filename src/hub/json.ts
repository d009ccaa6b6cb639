import { int } from '../format/text';
import { hubFail, hubOk, type HubError, type HubResult } from './errors';

/**
 * A guard on JSON from the Hub: how deep it nests and how many entries one array or object has,
 * checked without recursion (a scan of the text before it is parsed, or a walk of the parsed
 * value with an explicit stack), so that nothing recursive (`JSON.stringify`, a structured
 * clone, a schema) ever meets a 150,000-level config.json. A model config nests 3 or 4 levels
 * and has a few hundred entries at most.
 */

export interface JsonLimits {
  /** Deepest nesting of arrays and objects (the top-level object is level 1); default 64. */
  readonly maxDepth: number;
  /** Most entries (array items or object keys) of one array or object; default 100,000. */
  readonly maxEntries: number;
}

export const JSON_LIMITS: JsonLimits = { maxDepth: 64, maxEntries: 100_000 };

/**
 * Why a JSON text or value is refused, as a predicate ("is nested more than 64 levels deep"),
 * or `undefined` when it is within the limits.
 */
export type JsonShapeProblem = string | undefined;

const tooDeep = (limits: JsonLimits): string => `is nested more than ${int(limits.maxDepth)} levels deep`;
const tooMany = (limits: JsonLimits): string => `has an array or object with more than ${int(limits.maxEntries)} entries`;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

/**
 * Scans JSON text once, left to right, tracking only string state, the nesting depth and the
 * commas of each open container (a stack no deeper than `maxDepth`). It does not validate the
 * JSON (`JSON.parse` does that afterwards); malformed text passes or fails as it may.
 *
 * @example jsonTextProblem('[[[1]]]', { maxDepth: 2, maxEntries: 10 }) // 'is nested more than 2 levels deep'
 */
export function jsonTextProblem(text: string, limits: JsonLimits = JSON_LIMITS): JsonShapeProblem {
  const commas = new Array<number>(limits.maxDepth + 1).fill(0);
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (depth >= limits.maxDepth) return tooDeep(limits);
      depth++;
      commas[depth] = 0;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (depth > 0) depth--;
    } else if (c === COMMA && depth > 0) {
      // n commas separate n + 1 entries.
      const n = (commas[depth] ?? 0) + 1;
      commas[depth] = n;
      if (n >= limits.maxEntries) return tooMany(limits);
    }
  }
  return undefined;
}

/**
 * The same limits on a parsed value (from `JSON.parse` or any caller), walked with an explicit
 * stack: depth first, never recursive, and it stops at the first container past a limit (so a
 * cyclic value is refused as too deep rather than walked forever).
 */
export function jsonValueProblem(value: unknown, limits: JsonLimits = JSON_LIMITS): JsonShapeProblem {
  const stack: Array<{ readonly v: unknown; readonly depth: number }> = [{ v: value, depth: 1 }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { v, depth } = top;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > limits.maxDepth) return tooDeep(limits);
    const children: readonly unknown[] = Array.isArray(v) ? v : Object.values(v);
    if (children.length > limits.maxEntries) return tooMany(limits);
    for (const child of children) {
      if (typeof child === 'object' && child !== null) stack.push({ v: child, depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * Parses a Hub response body: the shape guard on the text first, then `JSON.parse`.
 *
 * @param what names the file in messages (`config.json`, `model info`).
 * @returns the parsed value; `too_complex` (nested too deeply, too many entries) or `bad_json`
 *   (not JSON), with `detail` saying which.
 */
export function parseHubJson(text: string, id: string, what: string, limits: JsonLimits = JSON_LIMITS): HubResult<unknown> {
  const problem = jsonTextProblem(text, limits);
  if (problem !== undefined) return hubFail(tooComplex(id, what, problem));
  try {
    return hubOk(JSON.parse(text) as unknown);
  } catch {
    return hubFail({ code: 'bad_json', id, detail: `The ${what} could not be parsed as JSON.` });
  }
}

/** The `too_complex` error for `what` of `id`: "The config.json is nested more than 64 levels deep." */
export function tooComplex(id: string, what: string, problem: string): HubError {
  return { code: 'too_complex', id, detail: `The ${what} ${problem}.` };
}
