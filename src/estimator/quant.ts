/**
 * Weight formats: what a quantized weight costs in bytes, which tensors each format's tooling
 * leaves in 16-bit, and the transients its kernels allocate.
 */
import type { Setup } from './setup';

/**
 * Bytes of the dequantized 16-bit copy of the largest quantized weight, which bitsandbytes
 * materializes for a multi-token matmul (0 when the base is not quantized).
 */
export function dequantBufferBytes(s: Pick<Setup, 'quantized' | 'linears' | 'p'>): number {
  if (!s.quantized) return 0;
  let largest = 0;
  for (const l of s.linears) if (l.quantizable) largest = Math.max(largest, l.inFeatures * l.outFeatures);
  return largest * s.p;
}

