/** `/vram gpus`: the GPU catalog with memory as the driver reports it. */
import { GPUS } from '../src/catalog/gpus';
import { gibNum } from '../src/format/text';
import type { Reply } from '../src/reply/types';
import type { Command } from './types';

export const gpusCommand: Command = {
  name: 'gpus',
  aliases: ['gpu', 'cards'],
  summary: 'the GPU catalog (memory as nvidia-smi reports it)',
  usage: '/vram gpus',
  run(): Reply {
    const sorted = [...GPUS].sort((a, b) => a.memoryBytes - b.memoryBytes);
    return {
      title: 'GPU catalog',
      description: 'Use the id after `gpu:` (aliases like `4090` or `A100 80GB` work too). Memory is what the driver reports, in GiB.',
      severity: 'info',
      fields: [],
      table: {
        columns: ['id', 'GiB', 'marketed', 'name'],
        rows: sorted.map((g) => [g.id + (g.common ? ' *' : ''), gibNum(g.memoryBytes), g.marketed, g.name]),
        align: ['left', 'right', 'left', 'left'],
      },
      sections: [],
      notes: ['* = shown by default in replies. GiB = 2^30 bytes.'],
      visibility: 'private',
    };
  },
};
