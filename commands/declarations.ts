/**
 * Every command as data: its name and aliases, a summary, what it takes (positional words, keys,
 * the estimate's keys, reply flags, sides, actions). The grammar reads these to parse a line,
 * help lists them, and the Discord adapter registers its commands from them; the implementations
 * (`estimate.ts`, `fit.ts`, ...) add only `run`.
 */
import { CALIBRATED, FORGET, HOW, MEASURED, NAME, PRIVATE, QUERY, SCOPE, STAT, TO, TOPIC } from './params';
import type { ActionSpec, CommandName, CommandSpec, Params, PositionalDef } from './types';

const NONE: Params = { positional: [], keys: [], estimate: false, flags: [] };
const ESTIMATE_PARAMS: Params = { positional: [], keys: [CALIBRATED], estimate: true, flags: ['private', 'how'] };

const namePos: PositionalDef = { ...NAME, required: true };
const toPos: PositionalDef = { ...TO, required: true };

/** The actions of `/vram preset`, in the order help lists them. */
export const PRESET_ACTIONS: readonly ActionSpec[] = [
  {
    name: 'save', aliases: ['add', 'set'], summary: 'save a setup under a name, or overwrite it (team preset unless scope:me)', mutates: true,
    positional: [namePos], keys: [NAME, SCOPE], estimate: true, flags: ['private'], example: 'name:our-8b-lora model:llama-3.1-8b lora:true',
  },
  { name: 'list', aliases: ['ls'], summary: 'the presets of this team and yours', mutates: false, positional: [], keys: [SCOPE], estimate: false, flags: [], example: '' },
  { name: 'show', aliases: ['get', 'info'], summary: 'one preset with its saved arguments', mutates: false, positional: [namePos], keys: [NAME, SCOPE], estimate: false, flags: [], example: 'name:our-8b-lora' },
  { name: 'delete', aliases: ['rm', 'remove', 'del'], summary: 'delete a preset (its author or an admin)', mutates: true, positional: [namePos], keys: [NAME, SCOPE], estimate: false, flags: [], example: 'name:our-8b-lora' },
  { name: 'rename', aliases: ['mv'], summary: 'rename a preset; pins follow', mutates: true, positional: [namePos, toPos], keys: [NAME, TO, SCOPE], estimate: false, flags: [], example: 'name:our-8b-lora to:our-8b' },
  { name: 'pin', aliases: [], summary: "make a team preset this channel's default", mutates: true, positional: [namePos], keys: [NAME, SCOPE], estimate: false, flags: [], example: 'name:our-8b-lora' },
  { name: 'unpin', aliases: [], summary: "remove this channel's pinned preset", mutates: true, positional: [], keys: [], estimate: false, flags: [], example: '' },
];

export const ESTIMATE_SPEC: CommandSpec = {
  name: 'estimate', aliases: [], summary: 'GPU memory to fine-tune or serve a model, with a breakdown and tips',
  example: 'model:llama-3.1-8b batch:2 seq:2048 lora:true gpu:rtx4090', params: ESTIMATE_PARAMS,
};

/** Commands chosen by the first word (the estimate runs when the text starts with a pair). */
export const SUBCOMMAND_SPECS: readonly CommandSpec[] = [
  {
    name: 'help', aliases: ['?', 'h'], summary: 'the keys with their values and examples (a topic or a key for more)', example: 'serving',
    params: { positional: [TOPIC], keys: [TOPIC], estimate: false, flags: [] },
  },
  {
    name: 'models', aliases: ['model', 'catalog'], summary: 'search the model catalog', example: 'qwen',
    params: { positional: [{ ...QUERY, rest: true }], keys: [QUERY], estimate: false, flags: [] },
  },
  { name: 'gpus', aliases: ['gpu', 'cards'], summary: 'the GPU catalog (memory as nvidia-smi reports it)', example: '', params: NONE },
  {
    name: 'fit', aliases: ['solve'], summary: 'largest batch, longest sequence, cheapest changes and fewest GPUs for one GPU',
    example: 'gpu:rtx4090 model:llama-3.1-8b lora:true', params: { positional: [], keys: [], estimate: true, flags: ['private'], requires: ['gpu'] },
  },
  {
    name: 'compare', aliases: ['cmp', 'diff'], summary: 'two or three setups side by side, with the differences',
    example: 'model:llama-3.1-8b lora:true vs model:llama-3.1-8b qlora:true',
    params: { positional: [], keys: [], estimate: true, flags: ['private'] }, sides: { min: 2, max: 3, separator: 'vs' },
  },
  {
    name: 'preset', aliases: ['presets'], summary: 'save, list, pin and reuse setups',
    example: 'save name:our-8b-lora model:llama-3.1-8b lora:true', params: NONE, actions: { noun: 'preset action', list: PRESET_ACTIONS },
  },
  {
    name: 'record', aliases: ['measured', 'log-run'], summary: "save what a real run showed beside its setup (the team's accuracy and calibration)",
    example: 'measured:41.2 stat:smi model:llama-3.1-8b lora:true batch:2 seq:2048',
    params: { positional: [], keys: [MEASURED, STAT], estimate: true, flags: ['private'], requires: ['measured'] },
  },
  {
    name: 'accuracy', aliases: ['runs', 'records'], summary: "the team's recorded runs against today's estimates, with the mean offset per regime",
    example: '', params: { positional: [], keys: [FORGET], estimate: false, flags: ['private'], mutatingKeys: ['forget'] },
  },
];

export const COMMAND_SPECS: readonly CommandSpec[] = [ESTIMATE_SPEC, ...SUBCOMMAND_SPECS];

/** The subcommand a typed word names (name or alias, any case). */
export function findSpec(word: string): CommandSpec | undefined {
  const w = word.toLowerCase();
  return SUBCOMMAND_SPECS.find((c) => c.name === w || c.aliases.includes(w));
}

export function specOf(name: CommandName): CommandSpec {
  const s = COMMAND_SPECS.find((c) => c.name === name);
  if (!s) throw new Error(`no command ${name}`);
  return s;
}

/** The action a typed word names. */
export function findAction(spec: CommandSpec, word: string): ActionSpec | undefined {
  const w = word.toLowerCase();
  return spec.actions?.list.find((a) => a.name === w || a.aliases.includes(w));
}

/** The parameters of a command, or of one of its actions. */
export function paramsOf(spec: CommandSpec, action?: string): Params {
  const a = action === undefined ? undefined : spec.actions?.list.find((x) => x.name === action);
  return a ?? spec.params;
}

/** Reply flag keys by name (for help and Discord). */
export const FLAG_DEFS = { private: PRIVATE, how: HOW } as const;
