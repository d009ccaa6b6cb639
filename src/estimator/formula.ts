/**
 * A component's formula as data: text with the numbers it substitutes kept as numbers, so the
 * estimator never formats anything (`src/format/formula.ts` renders it for replies: bytes as GiB,
 * counts with thousands separators). Built with the {@link fx} tag:
 *
 * @example fx`${count(P)} params x ${2} B = ${bytes(P * 2)}`
 * // rendered: "8,030,261,248 params x 2 B = 14.96 GiB"
 */

/** One piece of a formula: literal text, a byte size, a count, or a number with fixed decimals. */
export type Term =
  | string
  | { readonly bytes: number }
  | { readonly count: number }
  | { readonly fixed: number; readonly digits: number };

export type Formula = readonly Term[];

/** A byte size (rendered in GiB). */
export const bytes = (n: number): Term => ({ bytes: n });
/** A count (rendered with thousands separators). */
export const count = (n: number): Term => ({ count: n });
/** A number with `digits` decimals. */
export const fixed = (n: number, digits: number): Term => ({ fixed: n, digits });

/**
 * Tagged template: literal parts become text; interpolated {@link Term}s stay terms, nested
 * formulas are spliced in, plain numbers and strings become text.
 */
export function fx(strings: TemplateStringsArray, ...values: readonly (Term | Formula | number | boolean)[]): Formula {
  const out: Term[] = [];
  const text = (s: string): void => {
    if (s === '') return;
    const last = out[out.length - 1];
    if (typeof last === 'string') out[out.length - 1] = last + s;
    else out.push(s);
  };
  strings.forEach((s, i) => {
    text(s);
    if (i >= values.length) return;
    const v = values[i];
    if (Array.isArray(v)) for (const t of v as Formula) (typeof t === 'string' ? text(t) : out.push(t));
    else if (typeof v === 'number' || typeof v === 'boolean') text(String(v));
    else if (typeof v === 'string') text(v);
    else if (v !== undefined) out.push(v as Term);
  });
  return out;
}

/** A formula that is only text. */
export const plain = (s: string): Formula => [s];
