/**
 * `/vram` text -> what a Discord user would do with the registered commands, for the contract
 * suites (`discord.contract.test.ts`, `discord.presets.test.ts`):
 * - `help` (or nothing) -> `/vram-help`; `models qwen` -> `/vram-models query:qwen`; any other
 *   registry subcommand -> `/vram-<name>`;
 * - `preset <action> ...` -> `/vram-preset <action>` with `name`, `to`, `scope` as options and, for
 *   `save`, the other pairs in `args`;
 * - another leading word (`modles`) -> `/vram model:modles` (Discord puts what is typed after
 *   `/vram` into the first option);
 * - `key:value` pairs -> typed options where Discord's client would accept the value (integer in
 *   range, true/false, one of the choices), everything else (`preset:x` included) in `more`.
 */
import { buildCommands } from '../../adapters/discord/commands';
import { parseLine } from '../../commands/grammar';
import { findSpec as findSubcommand } from '../../commands/declarations';
import type { OptionInput } from '../discord/standin-payloads';

interface OptionDef { name: string; type: number; min_value?: number; max_value?: number; choices?: { value: string }[] }

/** The typed value Discord's client would send for `text` in option `def`, or undefined. */
function typed(def: OptionDef, text: string): string | number | boolean | undefined {
  if (def.type === 4) return /^\d+$/.test(text) && Number(text) >= (def.min_value ?? 0) && Number(text) <= (def.max_value ?? Infinity) ? Number(text) : undefined;
  if (def.type === 5) return text === 'true' ? true : text === 'false' ? false : undefined;
  if (def.type === 3 && def.choices) return def.choices.some((c) => c.value === text) ? text : undefined;
  return def.type === 3 ? text : undefined;
}

/** A pair as a user types it into a text option (quoted when the value holds a space). */
const typedPair = (k: string, v: string): string => (/\s/.test(v) ? `${k}:"${v}"` : `${k}:${v}`);

/** `preset <action> ...` -> `/vram-preset <action>` and its options. */
function presetToDiscord(words: readonly string[], args: Readonly<Record<string, string>>): { name: string; options: OptionInput } {
  const [action, positional] = words;
  if (action === undefined) throw new Error('driver: /vram-preset needs a subcommand on Discord');
  const { name = positional, to, scope, ...rest } = args;
  const options: Record<string, string> = {};
  if (name !== undefined) options.name = name;
  if (to !== undefined) options.to = to;
  if (scope !== undefined) options.scope = scope === 'team' ? 'team' : 'me';
  const pairs = Object.entries(rest).map(([k, v]) => typedPair(k, v));
  if (action === 'save') options.args = pairs.join(' ');
  else if (pairs.length > 0) throw new Error(`driver: /vram-preset ${action} takes no ${pairs.join(' ')}`);
  return { name: `vram-preset ${action}`, options };
}

/** `/vram` text -> the command (with its subcommand, if any) and options a Discord user would send. */
export function toDiscord(text: string): { name: string; options: OptionInput } {
  const parsed = parseLine(text);
  if (!parsed.ok) return { name: 'vram', options: { model: text } };
  const { words, args } = parsed.value;
  const [first, ...rest] = words;
  if (first === undefined && Object.keys(args).length === 0) return { name: 'vram-help', options: {} };
  const sub = first !== undefined ? findSubcommand(first) : undefined;
  if (sub?.name === 'preset') return presetToDiscord(rest, args);
  if (sub && (sub.params.estimate || sub.params.keys.length > 0) && !sub.sides && rest.length === 0) {
    // `/vram-record measured:41 model:...`, `/vram-accuracy forget:3`: typed options, the rest in `more`.
    const def = buildCommands().find((c) => c.name === `vram-${sub.name}`);
    return { name: `vram-${sub.name}`, options: pairsToOptions((def?.options ?? []) as unknown as OptionDef[], args, []) };
  }
  if (sub) return { name: `vram-${sub.name}`, options: rest.length ? { query: rest.join(' ') } : {} };
  const defs = (buildCommands()[0]?.options ?? []) as unknown as OptionDef[];
  return { name: 'vram', options: pairsToOptions(defs, args, words) };
}

/** Pairs -> the typed options of a command where Discord's client would accept the value, the rest in `more`. */
function pairsToOptions(defs: readonly OptionDef[], args: Readonly<Record<string, string>>, words: readonly string[]): OptionInput {
  const first = words[0];
  const options: Record<string, string | number | boolean> = {};
  const more: string[] = [];
  if (first !== undefined) options.model = words.join(' ');
  for (const [k, v] of Object.entries(args)) {
    const def = defs.find((d) => d.name === k && d.name !== 'more');
    const value = def && options[k] === undefined ? typed(def, v) : undefined;
    if (value !== undefined) options[k] = value;
    else more.push(`${k}:${v}`);
  }
  if (more.length) options.more = more.join(' ');
  return options;
}
