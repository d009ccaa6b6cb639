/**
 * The components of a fixed size: the cuBLAS workspace, the CUDA context, vLLM's CUDA graphs.
 * Their sizes and sources are in `./constants.ts`.
 */
import { CUBLAS_WORKSPACE_BYTES, CUDA_CONTEXT_BYTES, VLLM_CUDA_GRAPH_BYTES } from './constants';
import { bytes, fx, type Formula } from './formula';

export const CUBLAS_SOURCE = 'CUBLAS_WORKSPACE_CONFIG default :4096:8 (PyTorch getChosenWorkspaceSize)';
export const CUDA_CONTEXT_SOURCE = 'gt001 (1.31 GiB eager) and PyTorch lazy module loading';
/**
 * vLLM V1 start-up logs ("Graph capturing finished in 3 secs, took 0.46 GiB", Qwen3-0.6B, v0.19.1,
 * 51 piecewise + 35 full graphs), measured by gpu_model_runner.py `capture_model` as free memory
 * before minus after capture; SGLang's allowance `cuda_graph_max_bs x 2 MiB` (server_args.py).
 */
export const CUDA_GRAPHS_SOURCE = 'vLLM V1 logs ("Graph capturing finished ..., took 0.46 GiB", 86 graphs), scaled by the graphs captured; SGLang cuda_graph_max_bs x 2 MiB';

export const cublasFormula = (): Formula => fx`32 MiB = ${bytes(CUBLAS_WORKSPACE_BYTES)}`;
export const cudaContextFormula = (): Formula => fx`500 MiB = ${bytes(CUDA_CONTEXT_BYTES)} (lazy module loading; the same for every model)`;
export const cudaGraphsFormula = (): Formula => fx`86 captured graphs (51 piecewise up to 512 tokens + 35 full decode) = ${bytes(VLLM_CUDA_GRAPH_BYTES)}; none with eager:true`;
/** The formula for one setup (capture sizes from max_num_seqs; SGLang's allowance); estimate.ts should call this instead of {@link cudaGraphsFormula}. */
export { CUDA_GRAPHS_FORMULA as cudaGraphsFormulaFor } from './serving';
