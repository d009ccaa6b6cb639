/**
 * The components of a fixed size: the cuBLAS workspace, the CUDA context, vLLM's CUDA graphs.
 * Their sizes and sources are in `./constants.ts`.
 */
import { CUBLAS_WORKSPACE_BYTES, CUDA_CONTEXT_BYTES, VLLM_CUDA_GRAPH_BYTES } from './constants';
import { bytes, fx, type Formula } from './formula';

export const CUBLAS_SOURCE = 'CUBLAS_WORKSPACE_CONFIG default :4096:8 (PyTorch getChosenWorkspaceSize)';
export const CUDA_CONTEXT_SOURCE = 'gt001 (1.31 GiB eager) and PyTorch lazy module loading';
export const CUDA_GRAPHS_SOURCE = 'vLLM start-up logs ("Graph capturing finished ..., took 0.5x GiB")';

export const cublasFormula = (): Formula => fx`32 MiB = ${bytes(CUBLAS_WORKSPACE_BYTES)}`;
export const cudaContextFormula = (): Formula => fx`500 MiB = ${bytes(CUDA_CONTEXT_BYTES)} (lazy module loading; the same for every model)`;
export const cudaGraphsFormula = (): Formula => fx`captured decode graphs = ${bytes(VLLM_CUDA_GRAPH_BYTES)}`;
