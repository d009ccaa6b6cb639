/** `/vram gpus`: the GPU catalog with memory as the driver reports it. */
import { GPUS } from '../src/catalog/gpus';
import { gibNum } from '../src/format/text';
import type { Reply } from '../src/reply/types';
import { specOf } from './declarations';
import type { Command } from './types';

export const gpusCommand: Command = {
  ...specOf('gpus'),
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
      data: () => ({ gpus: sorted.map((g) => ({ id: g.id, name: g.name, vendor: g.vendor, memoryBytes: g.memoryBytes, marketed: g.marketed, bf16: g.bf16, fp8: g.fp8, common: g.common, aliases: g.aliases, source: g.source })) }),
    };
  },
};
