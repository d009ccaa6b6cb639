/**
 * Autocomplete choices for `model` and `gpu`: catalog ids and aliases, prefix and substring
 * matches first, then nearest by edit distance. Pure and in-memory (Discord gives an
 * autocomplete response 3 seconds, and the user is typing).
 */
import { MODELS, searchModels, suggestModels } from '../../src/catalog/resolve';
import { GPUS, findGpu, gpuKeys, normalizeGpuQuery, suggestGpus, type Gpu } from '../../src/catalog/gpus';
import { countParams } from '../../src/model/params';
import { paramsShort } from '../../src/format/text';
import { clipText, COMMAND_LIMITS } from './commands';

export interface Choice {
  /** What the user sees (<= 100 characters). */
  readonly name: string;
  /** What the option is set to: a catalog id (<= 100 characters). */
  readonly value: string;
}

export const MAX_CHOICES = 25;

const compact = (s: string): string => s.toLowerCase().replace(/[\s\-_.]+/g, '');

let modelLabels: Map<string, string> | undefined;
function modelLabel(id: string): string {
  modelLabels ??= new Map(MODELS.map((m) => [m.id, `${m.id} · ${m.name} · ${paramsShort(countParams(m).total)} params`]));
  return clipText(modelLabels.get(id) ?? id, COMMAND_LIMITS.choiceName);
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)].slice(0, MAX_CHOICES);
}

/**
 * Models for what the user has typed so far.
 * @example modelChoices('qwen2.5-7')[0] // { name: 'qwen-2.5-7b · Qwen2.5 7B · 7.62B params', value: 'qwen-2.5-7b' }
 */
export function modelChoices(typed: string): Choice[] {
  const q = typed.trim();
  const c = compact(q);
  const hits = searchModels(q);
  const rank = (id: string, aliases: readonly string[]): number =>
    compact(id) === c || aliases.some((a) => compact(a) === c) ? 0 : compact(id).startsWith(c) ? 1 : 2;
  const sorted = hits.map((m, i) => ({ id: m.id, r: rank(m.id, m.aliases), i })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.id);
  const ids = q === '' ? sorted : unique([...sorted, ...suggestModels(q, MAX_CHOICES)]);
  return unique(ids).map((id) => ({ name: modelLabel(id), value: id }));
}

function gpuLabel(g: Gpu): string {
  return clipText(`${g.id} · ${g.name} · ${g.marketed}`, COMMAND_LIMITS.choiceName);
}

/**
 * GPUs for what the user has typed so far (the exact card first, common cards before others).
 * @example gpuChoices('4090')[0]?.value // 'rtx4090'
 */
export function gpuChoices(typed: string): Choice[] {
  const q = normalizeGpuQuery(typed.trim());
  const order = [...GPUS].sort((a, b) => Number(b.common) - Number(a.common));
  const exact = findGpu(typed);
  const prefix = order.filter((g) => gpuKeys(g).some((k) => k.startsWith(q)));
  const substring = order.filter((g) => gpuKeys(g).some((k) => k.includes(q)));
  const near = q === '' ? [] : suggestGpus(typed, MAX_CHOICES);
  const seen = new Set<string>();
  const out: Gpu[] = [];
  for (const g of [...(exact ? [exact] : []), ...prefix, ...substring, ...near]) {
    if (!seen.has(g.id)) { seen.add(g.id); out.push(g); }
  }
  return out.slice(0, MAX_CHOICES).map((g) => ({ name: gpuLabel(g), value: g.id }));
}

/**
 * Choices for the focused option, by the autocomplete its key declares (`autocomplete:` in the key
 * table), or none for an option without autocomplete.
 */
export function autocompleteChoices(kind: string, typed: string): Choice[] {
  if (kind === 'model') return modelChoices(typed);
  if (kind === 'gpu') return gpuChoices(typed);
  return [];
}

/**
 * The caller's preset names starting with (or containing) what they typed: the team's and
 * their personal ones. Given to the adapter as `presetNames` (see `preset-names.ts`).
 */
export type PresetNames = (teamId: string, userId: string, prefix: string) => Promise<string[]>;

/** Choices for a preset `name` option (none when the adapter has no store access). */
export async function presetNameChoices(names: PresetNames | undefined, teamId: string, userId: string, typed: string): Promise<Choice[]> {
  if (!names) return [];
  const found = await names(teamId, userId, typed.trim().toLowerCase());
  return unique(found.filter((n) => n.length > 0 && n.length <= COMMAND_LIMITS.choiceName)).map((n) => ({ name: n, value: n }));
}
