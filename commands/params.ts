/**
 * The keys commands take besides the estimate's (`src/config/keys.ts`), declared once in the same
 * shape: the reply flags, `preset:`, a preset's `name`/`to`/`scope`, the catalog search `query`.
 */
import { KEYS, TOPICS, type ParamDef } from '../src/config';
import { MAX_NAME_LENGTH } from '../src/store/presets';
import { RECORD_STATS } from '../src/store/records';

export const PRIVATE: ParamDef = {
  key: 'private', aliases: [], spec: { kind: 'bool' }, help: 'show the answer only to you', example: 'private:true', defaultNote: 'false',
};
export const HOW: ParamDef = {
  key: 'how', aliases: [], spec: { kind: 'bool' }, help: 'show the math: every component as a formula with your numbers', example: 'how:true', defaultNote: 'false',
};
/** Reply flags by name. */
export const FLAG_PARAMS = { private: PRIVATE, how: HOW } as const;

export const PRESET: ParamDef = {
  key: 'preset', aliases: [], spec: { kind: 'text', maxLength: 100 }, help: 'start from a saved setup; typed keys override it (none: ignore the channel pin)',
  example: 'preset:our-8b', defaultNote: "the channel's pin",
};
export const NAME: ParamDef = {
  key: 'name', aliases: [], spec: { kind: 'text', maxLength: 200 }, help: `the preset's name: 1-${MAX_NAME_LENGTH} of a-z 0-9 - _`, example: 'name:our-8b-lora', autocomplete: 'preset',
};
export const TO: ParamDef = {
  key: 'to', aliases: [], spec: { kind: 'text', maxLength: 200 }, help: 'the new name', example: 'to:our-8b',
};
export const SCOPE: ParamDef = {
  key: 'scope', aliases: [],
  spec: { kind: 'enum', values: ['team', 'me'], synonyms: { personal: 'me', user: 'me', mine: 'me', private: 'me' } },
  help: 'team (everyone here) or me (only you)', example: 'scope:me', defaultNote: 'team',
};
export const QUERY: ParamDef = {
  key: 'query', aliases: ['q'], spec: { kind: 'text', maxLength: 200 }, help: 'words to search the catalog for', example: 'query:qwen',
};

export const MEASURED: ParamDef = {
  key: 'measured', aliases: ['peak', 'used'], spec: { kind: 'text', maxLength: 32 }, help: 'what the run showed: GiB (41.2) or MiB as nvidia-smi prints it (42188mib)', example: 'measured:41.2',
};
export const STAT: ParamDef = {
  key: 'stat', aliases: ['statistic'],
  spec: { kind: 'enum', values: RECORD_STATS, synonyms: { 'nvidia-smi': 'smi', nvidia_smi: 'smi', max_memory_reserved: 'reserved', max_memory_allocated: 'allocated', torch: 'allocated' } },
  help: 'which number it is: smi (nvidia-smi used), reserved (torch max_memory_reserved), allocated (torch max_memory_allocated)', example: 'stat:reserved', defaultNote: 'smi',
};
export const FORGET: ParamDef = {
  key: 'forget', aliases: ['remove', 'delete'], spec: { kind: 'int', min: 1, max: 2_147_483_647 }, help: 'forget one run record by its number (its author or an admin)', example: 'forget:3',
};
export const CALIBRATED: ParamDef = {
  key: 'calibrated', aliases: [], spec: { kind: 'bool' }, help: "apply your team's mean offset from its recorded runs (/vram record) to the estimate", example: 'calibrated:true', defaultNote: 'false',
};

/** `/vram help <topic>`: a topic of the key table, `all`, or any key (or alias), which names its topic. */
const TOPIC_NAMES = [...Object.keys(TOPICS), 'all'];
const topicSynonyms: Record<string, string> = {};
for (const k of KEYS) for (const name of [k.key, ...k.aliases]) if (!TOPIC_NAMES.includes(name)) topicSynonyms[name] = k.topic;
for (const k of [PRIVATE, HOW, PRESET, CALIBRATED]) topicSynonyms[k.key] = 'basics';
Object.assign(topicSynonyms, { keys: 'all', everything: 'all', multi: 'parallel', parallelism: 'parallel', quantization: 'quant', inference: 'serving', serve: 'serving', train: 'training' });
export const TOPIC: ParamDef = {
  key: 'topic', aliases: [], spec: { kind: 'enum', values: TOPIC_NAMES, synonyms: topicSynonyms },
  help: `a help topic (${TOPIC_NAMES.join(', ')}) or a key`, example: 'topic:serving', defaultNote: 'basics',
};

/** Every command-level key, for tests and help. */
export const COMMAND_PARAMS: readonly ParamDef[] = [PRIVATE, HOW, PRESET, NAME, TO, SCOPE, QUERY, TOPIC, MEASURED, STAT, FORGET, CALIBRATED];
