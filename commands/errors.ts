/**
 * What can go wrong for a user, as values with a stable code: the input errors of the grammar and
 * the estimator config (`src/config/errors.ts`), and the preset errors below. {@link problemReply}
 * is the one place that turns them into a reply; commands return errors, never prebuilt replies.
 */
import { describeInputError, type InputError } from '../src/config';
import { cmd, TEXT_SYNTAX } from '../src/reply/syntax';
import { errorReply, type Reply } from '../src/reply/types';
import { MAX_PERSONAL_PRESETS, MAX_TEAM_PRESETS, NAME_RULE } from '../src/store/presets';
import { MAX_TEAM_RECORDS } from '../src/store/records';
import type { CommandContext } from './types';

export type PresetScopeWord = 'team' | 'personal';
export type PresetAction = 'save' | 'show' | 'delete' | 'rename' | 'pin' | 'unpin' | 'use';

export type PresetError =
  | { readonly code: 'missing_name'; readonly action: PresetAction }
  | { readonly code: 'bad_name'; readonly key: string; readonly value: string }
  | { readonly code: 'reserved_name'; readonly key: string; readonly value: string }
  | { readonly code: 'not_found'; readonly name: string; readonly scope?: PresetScopeWord; readonly suggestions?: readonly string[] }
  | { readonly code: 'limit'; readonly scope: PresetScopeWord }
  | { readonly code: 'forbidden'; readonly action: PresetAction | 'overwrite' | 'replace the pin of' | 'forget'; readonly name: string; readonly authorId: string }
  | { readonly code: 'exists'; readonly name: string; readonly scope: PresetScopeWord }
  /** Changed by someone else between our read and our write. */
  | { readonly code: 'stale'; readonly name: string }
  | { readonly code: 'ambiguous'; readonly name: string; readonly action: PresetAction }
  | { readonly code: 'not_pinnable'; readonly name: string }
  | { readonly code: 'no_pin' }
  /**
   * The store cannot be used. `reason` (a file path, an errno, SQLite's words) goes to the log
   * under `errorId`; the user is told only what they can act on, and the id.
   */
  | { readonly code: 'unavailable'; readonly reason: string; readonly errorId: string }
  | { readonly code: 'unsupported' }
  /** A saved preset whose arguments no longer load. */
  | { readonly code: 'broken'; readonly name: string; readonly errors: readonly InputError[] }
  /** `/vram record` without `measured:`. */
  | { readonly code: 'missing_measured' }
  /** The team keeps the most run records it may. */
  | { readonly code: 'record_limit' }
  /** `/vram accuracy forget:<id>` names no record of this team. */
  | { readonly code: 'no_record'; readonly id: string };

/** Anything a command can answer with instead of a result. */
export type UserError = InputError | PresetError;

const PRESET_CODES: ReadonlySet<string> = new Set([
  'missing_name', 'bad_name', 'reserved_name', 'not_found', 'limit', 'forbidden', 'exists', 'stale', 'ambiguous', 'not_pinnable',
  'no_pin', 'unavailable', 'unsupported', 'broken', 'missing_measured', 'record_limit', 'no_record',
]);

export const isPresetError = (e: UserError): e is PresetError => PRESET_CODES.has(e.code);

/** What the platform calls a team admin. */
export function adminWord(platform: CommandContext['platform']): string {
  return platform === 'slack' ? 'a workspace admin' : platform === 'discord' ? 'a server admin (Manage Server)' : 'an admin';
}

const code = (s: string): string => `\`${s}\``;

/** One friendly sentence per preset error. */
export function describePresetError(e: PresetError, ctx: CommandContext): string {
  const sx = ctx.syntax ?? TEXT_SYNTAX;
  switch (e.code) {
    case 'missing_name':
      return `Which preset? Add \`name:<name>\`, e.g. ${cmd(sx, 'preset', 'name:our-8b-lora', e.action === 'use' ? 'show' : e.action)}.`;
    case 'bad_name':
      return `${code(`${e.key}:${e.value}`)} is not a valid preset name: use ${NAME_RULE}.`;
    case 'reserved_name':
      return `${code(`${e.key}:${e.value}`)} is reserved (\`preset:none\` means "ignore this channel's pinned preset"); choose another name.`;
    case 'not_found': {
      const where = e.scope === 'personal' ? ' among your personal presets' : e.scope === 'team' ? ' among the team presets' : '';
      const mean = e.suggestions && e.suggestions.length > 0 ? ` Did you mean ${e.suggestions.map(code).join(', ')}?` : '';
      return `There is no preset ${code(e.name)}${where}.${mean} See ${cmd(sx, 'preset', undefined, 'list')}.`;
    }
    case 'limit':
      return e.scope === 'team'
        ? `The team already has ${MAX_TEAM_PRESETS} presets, the limit. Delete one first (${cmd(sx, 'preset', 'name:<name>', 'delete')}).`
        : `You already have ${MAX_PERSONAL_PRESETS} personal presets, the limit. Delete one first (${cmd(sx, 'preset', 'name:<name> scope:me', 'delete')}).`;
    case 'forbidden':
      return `Only the author <@${e.authorId}> or ${adminWord(ctx.platform)} can ${e.action} ${code(e.name)}.`;
    case 'exists':
      return `A ${e.scope} preset ${code(e.name)} already exists; choose another name or delete it first.`;
    case 'stale':
      return `${code(e.name)} was changed by someone else just now; check it with ${cmd(sx, 'preset', `name:${e.name}`, 'show')} and try again.`;
    case 'ambiguous':
      return `You have a personal preset ${code(e.name)} and the team has one too: add \`scope:me\` or \`scope:team\` to say which to ${e.action}.`;
    case 'not_pinnable':
      return `${code(e.name)} is a personal preset; only team presets can be pinned to a channel (save it without \`scope:me\` first).`;
    case 'no_pin':
      return 'This channel has no pinned preset.';
    case 'unavailable':
      return `Presets are unavailable right now: the preset store cannot be used (whoever runs the bot can find why in its log under error id \`${e.errorId}\`). Estimates still work: give the arguments in full, e.g. ${cmd(sx, 'estimate', 'model:llama-3.1-8b lora:true')}.`;
    case 'unsupported':
      return 'Presets are not available here; use the chat bot or the console (`npm start`).';
    case 'broken':
      return [`Preset ${code(e.name)} no longer loads:`, ...e.errors.map((x) => describeInputError(x, sx)), `Re-save it: ${cmd(sx, 'preset', `name:${e.name} <arguments>`, 'save')}.`].join(' ');
    case 'missing_measured':
      return `What did the run show? Add \`measured:<GiB>\` (or \`measured:<n>mib\`) and \`stat:smi|reserved|allocated\`, e.g. ${cmd(sx, 'record', 'measured:41.2 stat:smi model:llama-3.1-8b lora:true')}.`;
    case 'record_limit':
      return `The team already keeps ${MAX_TEAM_RECORDS} run records, the limit. Forget an old one first (${cmd(sx, 'accuracy', 'forget:<id>')}).`;
    case 'no_record':
      return `There is no run record ${code(`#${e.id}`)} for this team; ${cmd(sx, 'accuracy')} lists them.`;
  }
}

/** One sentence per error, whichever kind. */
export function describeError(e: UserError, ctx: CommandContext): string {
  return isPresetError(e) ? describePresetError(e, ctx) : describeInputError(e, ctx.syntax ?? TEXT_SYNTAX);
}

/**
 * The reply for errors (private, like every error). Input errors get the pointer to help.
 * @param title what could not be done ("I can't estimate that")
 */
export function problemReply(errors: readonly UserError[], ctx: CommandContext, title: string): Reply {
  const refused = errors.some((e) => e.code === 'forbidden');
  const input = errors.some((e) => !isPresetError(e));
  const sx = ctx.syntax ?? TEXT_SYNTAX;
  const lines = errors.map((e) => describeError(e, ctx));
  return errorReply(refused ? 'Not allowed' : title, lines, {
    notes: input ? [`Type ${cmd(sx, 'help')} for every key and an example.`] : [],
    data: () => ({ error: { ...errors[0], message: lines.join(' '), all: errors } }),
  });
}
