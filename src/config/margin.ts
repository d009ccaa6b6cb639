/**
 * `margin:<GiB or %>`: how much memory over the central estimate a fit must leave. Without it,
 * fits are sized against the top of the estimate's likely range (src/estimator/range.ts).
 * `margin:2` and `margin:2gib` are GiB; `margin:10%` a share of the estimate; `margin:0` sizes
 * against the central figure itself.
 */
export interface Margin {
  readonly kind: 'gib' | 'share';
  /** GiB, or the share (0.1 for 10%). */
  readonly value: number;
}

const MARGIN = /^\s*(\d+(?:\.\d+)?)\s*(%|gib|gb|g)?\s*$/i;

/** The margin a `margin:` value says, or null when it is not one (the caller names the key). */
export function parseMargin(text: string): Margin | null {
  const m = MARGIN.exec(text);
  if (!m) return null;
  const v = Number(m[1]);
  if (!Number.isFinite(v)) return null;
  if (m[2] === '%') return v <= 100 ? { kind: 'share', value: v / 100 } : null;
  return v <= 1024 ? { kind: 'gib', value: v } : null;
}

/** The bytes a fit is sized against: the estimate plus the margin. */
export function withMargin(totalBytes: number, m: Margin): number {
  return m.kind === 'gib' ? totalBytes + m.value * 1024 ** 3 : totalBytes * (1 + m.value);
}
