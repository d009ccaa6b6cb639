/**
 * The shape of the generated utilisation data (src/estimator/utilisation.data.ts, written by
 * scripts/utilisation.ts): for each usable published training row, the share of the card's dense
 * peak that the FLOPs counted by src/estimator/time.ts must run at to give the measured speed.
 */
export interface UtilisationRow {
  readonly id: string;
  /** torchtune, litgpt, megatron, hf, ... */
  readonly engine: string;
  readonly method: string;
  readonly gpu: string;
  readonly model: string;
  /** Fraction of the dense peak. */
  readonly mfu: number;
  /** The measured tokens/s per GPU. */
  readonly measured: number;
  /** Tokens of one micro-batch of one replica (batch x seq): small micro-batches run small, inefficient matmuls. */
  readonly microTokens: number;
}

export interface UtilisationData {
  readonly source: string;
  readonly rows: readonly UtilisationRow[];
  /** Training rows not used, with why. */
  readonly skipped: readonly { readonly id: string; readonly why: string }[];
}
