/**
 * How commands are written on Discord, for the commands that mention them in replies (see
 * `src/reply/syntax.ts`): `/vram models` is `/vram-models`, a key that is not a typed option
 * goes into `more:`, a preset's estimate pairs into `args:`. Read off the same declarations the
 * commands are registered from (`commands.ts`), so the two never disagree.
 */
import { COMMAND_SPECS } from '../../commands/declarations';
import { parseLine } from '../../commands/grammar';
import type { CommandSpec, Params } from '../../commands/types';
import { KEYS, type KeyDef } from '../../src/config';
import type { CommandRef, Syntax } from '../../src/reply/syntax';

/** Name of the estimate's command and of the others (kept here to avoid a cycle with `commands.ts`). */
const commandName = (spec: Pick<CommandSpec, 'name'>): string => (spec.name === 'estimate' ? 'vram' : `vram-${spec.name}`);

/** A pair as Discord's client shows it; quoted when the value holds spaces. */
function pair(key: string, value: string): string {
  if (!/[\s"']/.test(value)) return `${key}:${value}`;
  return value.includes('"') ? `${key}:'${value}'` : `${key}:"${value}"`;
}

/** Splits grammar text into pairs this command has an option for, and the rest (for `more:`/`args:`). */
function split(args: string, own: (key: string) => boolean): { own: string[]; rest: string[]; words: string[] } | null {
  const p = parseLine(args);
  if (!p.ok) return null;
  const mine: string[] = [];
  const rest: string[] = [];
  for (const [k, v] of Object.entries(p.value.args)) (own(k) ? mine : rest).push(pair(k, v));
  return { own: mine, rest, words: [...p.value.words] };
}

/** The estimate's keys offered as typed options on `/vram` (and `/vram-fit`), in the table's `discord` order. */
export const TYPED_KEYS: readonly string[] = (KEYS as readonly KeyDef[])
  .filter((k) => k.discord !== undefined)
  .sort((a, b) => (a.discord ?? 0) - (b.discord ?? 0))
  .map((k) => k.key);
const typedKeys: ReadonlySet<string> = new Set(TYPED_KEYS);

function ownKeys(params: Params): Set<string> {
  return new Set([...params.positional.map((p) => p.key), ...params.keys.map((k) => k.key), ...params.flags]);
}

export const DISCORD_SYNTAX: Syntax = {
  command(ref: CommandRef): string {
    const spec = COMMAND_SPECS.find((c) => c.name === ref.command);
    if (!spec) return `/vram ${ref.command}`;
    const head = `/${commandName(spec)}`;
    const args = ref.args ?? '';
    if (spec.sides) return args ? `${head} args:${args}` : head;
    if (spec.actions) {
      const action = spec.actions.list.find((a) => a.name === ref.action);
      if (!action) return head;
      const keys = ownKeys(action);
      const s = split(args, (k) => keys.has(k));
      if (!s) return `${head} ${action.name} ${args}`.trimEnd();
      const words = s.words.map((w, i) => { const p = action.positional[i]; return p && !w.startsWith('<') ? pair(p.key, w) : w; });
      const raw = [...s.rest];
      return [head, action.name, ...words, ...s.own, ...(raw.length > 0 ? [`args:${raw.join(' ')}`] : [])].join(' ');
    }
    if (spec.params.estimate) {
      const keys = ownKeys(spec.params);
      const s = split(args, (k) => k === 'model' || typedKeys.has(k) || keys.has(k));
      if (!s) return `${head} ${args}`.trimEnd();
      return [head, ...s.words, ...s.own, ...(s.rest.length > 0 ? [`more:${s.rest.join(' ')}`] : [])].join(' ');
    }
    const s = split(args, () => true);
    if (!s) return `${head} ${args}`.trimEnd();
    const words = s.words.length > 0 && spec.params.positional[0] && !s.words[0]?.startsWith('[') ? [pair(spec.params.positional[0].key, s.words.join(' '))] : s.words;
    return [head, ...words, ...s.own].join(' ');
  },
};
