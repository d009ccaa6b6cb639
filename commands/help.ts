/**
 * `/vram help` (and a bare `/vram`): every key with its values, default and meaning, examples,
 * and the other commands, all generated from the key tables (`src/config/keys.ts`,
 * `commands/params.ts`) and the command declarations (`declarations.ts`).
 */
import { KEYS, defaultText, type KeyDef, type ParamDef } from '../src/config';
import { cmd, TEXT_SYNTAX, type CommandRef, type Syntax } from '../src/reply/syntax';
import type { Reply } from '../src/reply/types';
import { SUBCOMMAND_SPECS, specOf } from './declarations';
import { HOW, PRESET, PRIVATE } from './params';
import type { Command, CommandSpec } from './types';

/** The values a key takes, for the help table. */
export function valuesOf(k: ParamDef, sx: Syntax = TEXT_SYNTAX): string {
  const s = k.spec;
  switch (s.kind) {
    case 'enum': return s.values.join(' | ');
    case 'int': return `${s.min}-${s.max}`;
    case 'float': return `${s.min}-${s.max}${s.maxExclusive ? ' (exclusive)' : ''}`;
    case 'bool': return 'true | false';
    case 'targets': return 'all | attn | qv | mlp | q,k,v,o,gate,up,down,head';
    case 'text': return k.listedBy ? `see ${sx.command({ command: k.listedBy })}` : 'text';
  }
}

/** A key's help line, pointing to the command that lists its values (`see /vram gpus`). */
export function helpOf(k: ParamDef, sx: Syntax = TEXT_SYNTAX): string {
  return k.listedBy ? `${k.help} (see ${sx.command({ command: k.listedBy })})` : k.help;
}

/** The default of a key as help shows it. */
export function defaultOf(k: ParamDef): string {
  return k.defaultNote ?? ('field' in k ? defaultText(k as KeyDef) : undefined) ?? '-';
}

/** The arguments a command takes, as a usage placeholder (`[query]`, `gpu:<id> <args>`). */
export function usageArgs(spec: CommandSpec): string {
  if (spec.sides) return '<args A> vs <args B> [vs <args C>]';
  if (spec.actions) return `${spec.actions.list.map((a) => a.name).join('|')} ...`;
  const p = spec.params;
  const words = p.positional.map((d) => `[${d.key}]`);
  const req = (p.requires ?? []).map((k) => `${k}:<${k === 'gpu' ? 'id' : 'value'}>`);
  return [...words, ...req, ...(p.estimate ? ['<args>'] : [])].join(' ');
}

/** One line per command: how to type it, and what it answers. */
export function commandLines(sx: Syntax): string[] {
  return SUBCOMMAND_SPECS.filter((c) => c.name !== 'help').map((c) => `${sx.command({ command: c.name, args: usageArgs(c) })}: ${c.summary}`);
}

const EXAMPLES: readonly CommandRef[] = [
  { command: 'estimate', args: 'model:llama-3.1-8b batch:2 seq:2048 lora:true' },
  { command: 'estimate', args: 'model:qwen2.5-7b qlora:true gpu:rtx4090' },
  { command: 'estimate', args: 'model:llama-3.1-70b method:full sharding:zero3 gpus:8 gc:true' },
  { command: 'estimate', args: 'model:mistral-7b mode:infer context:32768 batch:8 kv:fp8' },
  { command: 'fit', args: specOf('fit').example.replace('lora:true', 'qlora:true') },
  { command: 'compare', args: specOf('compare').example },
  { command: 'preset', action: 'save', args: 'name:our-8b model:llama-3.1-8b lora:true gpu:rtx4090' },
];

export function helpReply(sx: Syntax = TEXT_SYNTAX): Reply {
  const row = (k: ParamDef): string[] => [k.key + (k.aliases.length ? ` (${k.aliases.slice(0, 2).join(', ')})` : ''), valuesOf(k, sx), defaultOf(k), helpOf(k, sx)];
  return {
    title: 'vram-bot: GPU memory for fine-tuning and serving',
    description: 'Type `key:value` pairs in any order. Only `model` is required; everything else has a default, and the reply marks what it assumed with `*`.',
    severity: 'info',
    fields: [],
    table: {
      columns: ['key', 'values', 'default', 'what'],
      rows: [...(KEYS as readonly KeyDef[]).map(row), row(PRIVATE), row(HOW), row(PRESET)],
    },
    sections: [
      { title: 'Examples', lines: EXAMPLES.map((e) => sx.command(e)) },
      { title: 'Other commands', lines: commandLines(sx) },
    ],
    notes: ['All sizes are GiB (2^30 bytes). Numbers are per GPU, as nvidia-smi would show them.', `Presets: ${cmd(sx, 'preset')} for the actions.`],
    visibility: 'private',
    data: () => ({
      keys: [...(KEYS as readonly KeyDef[]), PRIVATE, HOW, PRESET].map((k) => ({ key: k.key, aliases: k.aliases, values: valuesOf(k, sx), default: defaultOf(k), help: helpOf(k, sx), example: k.example })),
      commands: SUBCOMMAND_SPECS.map((c) => ({ name: c.name, aliases: c.aliases, usage: sx.command({ command: c.name, args: usageArgs(c) }), summary: c.summary })),
    }),
  };
}

export const helpCommand: Command = {
  ...specOf('help'),
  run: (inv) => helpReply(inv.context.syntax),
};
