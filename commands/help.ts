/**
 * `/vram help [topic]` (and a bare `/vram`): the keys of a topic with their values, default and
 * meaning, examples, and the other commands, all generated from the key tables (`src/config/keys.ts`,
 * `commands/params.ts`) and the command declarations (`declarations.ts`).
 */
import { KEYS, TOPICS, defaultText, type KeyDef, type ParamDef, type Topic } from '../src/config';
import { cmd, TEXT_SYNTAX, type CommandRef, type Syntax } from '../src/reply/syntax';
import type { Reply } from '../src/reply/types';
import { SUBCOMMAND_SPECS, specOf } from './declarations';
import { HOW, PRESET, PRIVATE } from './params';
import type { Command, CommandSpec } from './types';

/** The values a key takes, for the help table. */
/** What the range beside every figure and the three fit verdicts mean (README "How sure"). */
const HOW_SURE: readonly string[] = [
  'Every estimate has a likely range (`51.0 GiB, likely 49.4-54.6`): the 10th-90th percentile of this project\'s calibration errors for that kind of setup; far from any measured setup it is wider.',
  'Fits: even the top of the range fits the card. Tight: the card is inside the range (it may or may not fit). Does not fit: even the bottom does not.',
  '`fit` and the tips size against the top of the range; `margin:2` (GiB) or `margin:10%` sizes against the estimate plus that instead.',
  'Record what real runs showed with `record measured:<GiB> stat:smi ...`; `accuracy` compares them, `calibrated:true` applies your team\'s offset.',
];

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

/** What `/vram help` shows: one topic's keys, or all of them. */
export type HelpTopic = Topic | 'all';

/**
 * `/vram help [topic]`: the `basics` keys in full by default, with the other topics listed by
 * name and their keys (so the answer fits one chat message); `help <topic>` (or a key, which
 * names its topic) shows that topic's keys; `help all` every key.
 */
export function helpReply(sx: Syntax = TEXT_SYNTAX, topic: HelpTopic = 'basics'): Reply {
  const row = (k: ParamDef): string[] => [k.key + (k.aliases.length ? ` (${k.aliases.slice(0, 2).join(', ')})` : ''), valuesOf(k, sx), defaultOf(k), helpOf(k, sx)];
  const keys = (KEYS as readonly KeyDef[]).filter((k) => topic === 'all' || k.topic === topic);
  const flags = topic === 'all' || topic === 'basics' ? [row(PRIVATE), row(HOW), row(PRESET)] : [];
  const others = (Object.keys(TOPICS) as Topic[]).filter((t) => t !== topic && topic !== 'all');
  const more = others.map((t) => `${sx.command({ command: 'help', args: t })}: ${TOPICS[t]} (${(KEYS as readonly KeyDef[]).filter((k) => k.topic === t).map((k) => k.key).join(', ')})`);
  return {
    title: topic === 'basics' || topic === 'all' ? 'vram-bot: GPU memory for fine-tuning and serving' : `vram-bot help: ${topic}`,
    description: `${topic === 'basics' || topic === 'all' ? '' : `${TOPICS[topic]}. `}Type \`key:value\` pairs in any order. Only \`model\` is required; everything else has a default, and the reply marks what it assumed with \`*\`.`,
    severity: 'info',
    fields: [],
    table: { columns: ['key', 'values', 'default', 'what'], rows: [...keys.map(row), ...flags] },
    sections: [
      ...(more.length > 0 ? [{ title: 'More keys', lines: [...more, ...(topic === 'basics' ? [`${sx.command({ command: 'help', args: 'all' })}: every key at once`] : [])] }] : []),
      ...(topic === 'basics' || topic === 'all' ? [{ title: 'Examples', lines: EXAMPLES.map((e) => sx.command(e)) }, { title: 'Other commands', lines: commandLines(sx) }, { title: 'How sure', lines: HOW_SURE }] : []),
    ],
    notes: ['All sizes are GiB (2^30 bytes). Numbers are per GPU, as nvidia-smi would show them.', `Presets: ${cmd(sx, 'preset')} for the actions.`],
    visibility: 'private',
    data: () => ({
      topic,
      keys: [...keys, ...(flags.length ? [PRIVATE, HOW, PRESET] : [])].map((k) => ({ key: k.key, aliases: k.aliases, topic: 'topic' in k ? k.topic : 'basics', values: valuesOf(k, sx), default: defaultOf(k), help: helpOf(k, sx), example: k.example })),
      topics: Object.entries(TOPICS).map(([name, what]) => ({ name, what })),
      commands: SUBCOMMAND_SPECS.map((c) => ({ name: c.name, aliases: c.aliases, usage: sx.command({ command: c.name, args: usageArgs(c) }), summary: c.summary })),
    }),
  };
}

export const helpCommand: Command = {
  ...specOf('help'),
  run: (inv) => helpReply(inv.context.syntax, (inv.args.topic as HelpTopic | undefined) ?? 'basics'),
};
