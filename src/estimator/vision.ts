/**
 * Vision-language models (issue 12): the vision tower and projector a VLM runs over its images,
 * what their forward keeps for backward (frozen, LoRA or fully trained tower), and the image
 * tokens they add to the language model's sequence.
 */
import type { Setup } from './setup';
import type { Formula } from './formula';

export interface VisionActivations {
  /** Saved for backward by the tower and projector for one micro-batch (0 for text models or a frozen tower). */
  readonly savedBytes: number;
  /** The largest transient of the tower's forward (attention scores, MLP), alive at its peak only. */
  readonly transientBytes: number;
  readonly formula: () => Formula;
}

const NONE: VisionActivations = { savedBytes: 0, transientBytes: 0, formula: () => [] };

/** The vision tower's activations for this setup (none for a text-only model or without images). */
export function visionActivations(_s: Setup): VisionActivations {
  return NONE;
}
