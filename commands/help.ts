/** `/vram help` (and a bare `/vram`): every key with its values, and examples. */
import { KEYS } from '../src/config';
import type { Reply } from '../src/reply/types';
import type { Command } from './types';

function valuesOf(k: (typeof KEYS)[number]): string {
  const s = k.spec;
  switch (s.kind) {
    case 'enum': return s.values.join(' | ');
    case 'int': return `${s.min}-${s.max}`;
    case 'float': return `${s.min}-${s.max}${s.maxExclusive ? ' (exclusive)' : ''}`;
    case 'bool': return 'true | false';
    case 'targets': return 'all | attn | qv | mlp | q,k,v,o,gate,up,down,head';
    case 'text': return k.key === 'model' ? 'see /vram models' : 'see /vram gpus';
  }
}

export function helpReply(extraCommands: readonly { usage: string; summary: string }[]): Reply {
  return {
    title: 'vram-bot: GPU memory for fine-tuning and serving',
    description: 'Type `key:value` pairs in any order. Only `model` is required; everything else has a default, and the reply marks what it assumed with `*`.',
    severity: 'info',
    fields: [],
    table: {
      columns: ['key', 'values', 'default', 'what'],
      rows: [
        ...KEYS.map((k) => [k.key + (k.aliases.length ? ` (${k.aliases.slice(0, 2).join(', ')})` : ''), valuesOf(k), k.defaultText ?? (k.key === 'model' ? 'required' : '-'), k.help]),
        ['private', 'true | false', 'false', 'show the answer only to you'],
        ['how', 'true | false', 'false', 'show the math: every component as a formula'],
        ['preset', 'a saved preset name', "the channel's pin", 'start from a saved setup; typed keys override it'],
      ],
    },
    sections: [
      { title: 'Examples', lines: [
        '/vram model:llama-3.1-8b batch:2 seq:2048 lora:true',
        '/vram model:qwen2.5-7b qlora:true gpu:rtx4090',
        '/vram model:llama-3.1-70b method:full sharding:zero3 gpus:8 gc:true',
        '/vram model:mistral-7b mode:infer context:32768 batch:8 kv:fp8',
        '/vram fit gpu:rtx4090 model:llama-3.1-8b qlora:true',
        '/vram compare model:llama-3.1-8b lora:true vs model:llama-3.1-8b qlora:true',
        '/vram preset save name:our-8b model:llama-3.1-8b lora:true gpu:rtx4090',
      ] },
      { title: 'Other commands', lines: extraCommands.map((c) => `${c.usage}: ${c.summary}`) },
    ],
    notes: ['All sizes are GiB (2^30 bytes). Numbers are per GPU, as nvidia-smi would show them.'],
    visibility: 'private',
  };
}

export const helpCommand: Command = {
  name: 'help',
  aliases: ['?', 'h'],
  summary: 'every key with its values and examples',
  usage: '/vram help',
  run: () => helpReply([]),
};
