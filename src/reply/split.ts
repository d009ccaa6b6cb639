/**
 * "Show the math" for several GPUs: how the model is laid out over them, what one GPU holds of
 * it, and the buffers the parallelism itself needs, so a per-GPU figure can be checked against
 * the whole model's.
 */
import { gib, int } from '../format/text';
import type { Report } from '../report';
import type { ReplySection } from './types';

const pct = (a: number, b: number): string => `${((100 * a) / b).toFixed(1)}%`;

/** `n of N` when the GPU holds a share, `N (whole)` when it holds all of it. */
function share(label: string, [here, all]: readonly [number, number], how: string): string {
  return here === all ? `${label}: ${int(all)} (whole on every GPU)` : `${label}: ${int(here)} of ${int(all)} per GPU (${how})`;
}

/** The section for an estimate whose model is split (tp, pp, cp or ep > 1) or data-parallel; null on one GPU. */
export function splitSection(r: Report): ReplySection | null {
  const sp = r.split;
  if (!sp) return null;
  const train = r.config.mode === 'train';
  const lines: string[] = [];
  const degrees = [`data parallel ${sp.dp}`, `tensor ${sp.tp}`, `pipeline ${sp.pp}`, ...(sp.cp > 1 ? [`context ${sp.cp}`] : [])];
  lines.push(`${sp.gpus} GPUs = ${degrees.join(' x ')}${sp.ep > 1 ? `; experts split ${sp.ep} ways${train ? ' within the data-parallel group' : ''}` : ''}`);
  lines.push(`Parameters on this GPU: ${int(sp.paramsOnGpu)} of ${int(sp.paramsTotal)} (${pct(sp.paramsOnGpu, sp.paramsTotal)})`);
  if (sp.tp > 1) {
    lines.push(share('Query heads', sp.shapes.heads, `tp ${sp.tp}`));
    lines.push(sp.kvReplicated
      ? `KV heads: ${sp.shapes.kvHeads[1]} < tp ${sp.tp}, so each GPU holds a copy of one (max(1, kv_heads / tp)); the KV cache is replicated, not split`
      : share('KV heads', sp.shapes.kvHeads, `tp ${sp.tp}`));
    lines.push(share('MLP width', sp.shapes.intermediate, `column-parallel up, row-parallel down, tp ${sp.tp}`));
    lines.push(share('Vocabulary rows of the embedding and head', sp.shapes.vocab, 'vocabulary-parallel'));
    lines.push('Norms (and a MoE router) are replicated on every GPU');
    if (train) {
      lines.push(sp.sp
        ? `Sequence parallelism on: the norm and residual-width activations are split ${sp.tp} ways along the sequence (Korthikanti et al. 2022); the layer math below divides them by ${sp.tp}`
        : 'Sequence parallelism off (sp:false): the norm and residual-width activations stay whole on every GPU');
    }
  }
  if (sp.shapes.experts) lines.push(share('Routed experts per MoE layer', sp.shapes.experts, `ep ${sp.ep}`));
  if (sp.pp > 1) {
    const st = sp.stage;
    const holds = [st.embedding ? 'the embedding' : '', st.head ? 'the final norm, the head and the loss' : ''].filter(Boolean).join(', ');
    lines.push(`Pipeline: these figures are stage ${st.index + 1} of ${sp.pp} (layers ${st.firstLayer + 1}-${st.firstLayer + st.layers} of ${sp.layersTotal}${holds ? `, ${holds}` : ''}), the fuller end of the pipeline`);
    if (train) lines.push(`1F1B schedule with ${sp.microbatches} micro-batch${sp.microbatches > 1 ? 'es' : ''}: this stage holds ${sp.inflight} micro-batch${sp.inflight > 1 ? 'es' : ''} of activations at once (stage i holds min(pp - i, micro-batches))`);
    if (sp.otherStage) lines.push(`Stage ${sp.otherStage.index + 1} needs ${gib(sp.otherStage.totalBytes)} per GPU`);
  }
  if (sp.cp > 1) lines.push(`Context parallelism: each GPU holds ${int(r.tokens)} tokens of every layer (seq / cp per sequence, ring attention)`);
  if (train && sp.dp > 1) {
    const sh = r.config.sharding;
    lines.push(sh === 'ddp' ? `Data parallel ${sp.dp}: every data-parallel rank holds a full copy of its shard` : `${sh} shards over the ${sp.dp} data-parallel GPUs only (not across tp or pp)`);
  }
  for (const b of sp.buffers) lines.push(`${b.label}: ${gib(b.bytes)}`);
  return { title: `Per GPU: how the model is split over ${sp.gpus} GPUs`, lines };
}
