/** `/vram models [query]`: catalog search. */
import { searchModels } from '../src/catalog/resolve';
import { countParams } from '../src/model/params';
import { paramsShort } from '../src/format/text';
import type { Reply } from '../src/reply/types';
import { specOf } from './declarations';
import type { Command, Invocation } from './types';

const MAX_ROWS = 40;

export const modelsCommand: Command = {
  ...specOf('models'),
  run({ args }: Invocation): Reply {
    const q = args.query === undefined ? '' : String(args.query);
    const hits = searchModels(q);
    const rows = hits.slice(0, MAX_ROWS).map((m) => [m.id, paramsShort(countParams(m).total), m.moe ? `MoE ${m.moe.topK}/${m.moe.experts}` : 'dense', m.hfId]);
    return {
      title: q ? `Models matching "${q}"` : 'Model catalog',
      description: hits.length === 0 ? `No model matches "${q}". Try a family name (llama, qwen, mistral, gemma, phi) or give a size like \`model:7b\`.` : `${hits.length} model${hits.length === 1 ? '' : 's'}${hits.length > MAX_ROWS ? ` (first ${MAX_ROWS} shown; narrow the query)` : ''}. Use the id (or the Hub id) after \`model:\`.`,
      severity: 'info',
      fields: [],
      ...(rows.length ? { table: { columns: ['id', 'params', 'kind', 'Hub id'], rows, align: ['left', 'right', 'left', 'left'] as const } } : {}),
      sections: [],
      notes: ['Parameter counts are computed from each config.json and checked against the published figure.'],
      visibility: 'private',
      data: () => ({ query: q, models: hits.map((m) => ({ id: m.id, name: m.name, hfId: m.hfId, params: countParams(m).total, moe: m.moe ? { experts: m.moe.experts, topK: m.moe.topK } : null, aliases: m.aliases })) }),
    };
  },
};
