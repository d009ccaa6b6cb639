/**
 * Preset errors are values with a stable code; this table turns each into the sentence users
 * see (naming the key, the bad value and the rule, or who may do what).
 */
import { MAX_PERSONAL_PRESETS, MAX_TEAM_PRESETS, NAME_RULE } from '../src/store/presets';
import { errorReply, type Reply } from '../src/reply/types';
import type { CommandContext } from './types';

export type PresetScopeWord = 'team' | 'personal';
export type PresetAction = 'save' | 'show' | 'delete' | 'rename' | 'pin' | 'unpin' | 'use';

export type PresetError =
  | { readonly code: 'missing_name'; readonly action: PresetAction }
  | { readonly code: 'bad_name'; readonly key: string; readonly value: string }
  | { readonly code: 'reserved_name'; readonly key: string; readonly value: string }
  | { readonly code: 'bad_scope'; readonly value: string }
  | { readonly code: 'not_found'; readonly name: string; readonly scope?: PresetScopeWord; readonly suggestions?: readonly string[] }
  | { readonly code: 'limit'; readonly scope: PresetScopeWord }
  | { readonly code: 'forbidden'; readonly action: PresetAction | 'overwrite' | 'replace the pin of'; readonly name: string; readonly authorId: string }
  | { readonly code: 'exists'; readonly name: string; readonly scope: PresetScopeWord }
  | { readonly code: 'conflict'; readonly name: string }
  | { readonly code: 'ambiguous'; readonly name: string; readonly action: PresetAction }
  | { readonly code: 'not_pinnable'; readonly name: string }
  | { readonly code: 'no_pin' }
  | { readonly code: 'unknown_action'; readonly value: string; readonly suggestion?: string }
  | { readonly code: 'unexpected_args'; readonly action: string; readonly keys: readonly string[] }
  | { readonly code: 'unavailable'; readonly reason: string }
  | { readonly code: 'unsupported' };

/** The actions of `/vram preset`, as help lists them. */
export const PRESET_ACTIONS = ['save', 'list', 'show', 'delete', 'rename', 'pin', 'unpin'] as const;

/** What the platform calls a team admin. */
export function adminWord(platform: CommandContext['platform']): string {
  return platform === 'slack' ? 'a workspace admin' : platform === 'discord' ? 'a server admin (Manage Server)' : 'an admin';
}

const code = (s: string): string => `\`${s}\``;

/** One friendly sentence per error. */
export function describePresetError(e: PresetError, ctx: CommandContext): string {
  switch (e.code) {
    case 'missing_name':
      return `Which preset? Add \`name:<name>\`, e.g. \`/vram preset ${e.action === 'use' ? 'show' : e.action} name:our-8b-lora\`.`;
    case 'bad_name':
      return `${code(`${e.key}:${e.value}`)} is not a valid preset name: use ${NAME_RULE}.`;
    case 'reserved_name':
      return `${code(`${e.key}:${e.value}`)} is reserved (\`preset:none\` means "ignore this channel's pinned preset"); choose another name.`;
    case 'bad_scope':
      return `${code(`scope:${e.value}`)} is not valid. Allowed values: \`team\`, \`me\` (personal).`;
    case 'not_found': {
      const where = e.scope === 'personal' ? ' among your personal presets' : e.scope === 'team' ? ' among the team presets' : '';
      const mean = e.suggestions && e.suggestions.length > 0 ? ` Did you mean ${e.suggestions.map(code).join(', ')}?` : '';
      return `There is no preset ${code(e.name)}${where}.${mean} See \`/vram preset list\`.`;
    }
    case 'limit':
      return e.scope === 'team'
        ? `The team already has ${MAX_TEAM_PRESETS} presets, the limit. Delete one first (\`/vram preset delete name:<name>\`).`
        : `You already have ${MAX_PERSONAL_PRESETS} personal presets, the limit. Delete one first (\`/vram preset delete name:<name> scope:me\`).`;
    case 'forbidden':
      return `Only the author <@${e.authorId}> or ${adminWord(ctx.platform)} can ${e.action} ${code(e.name)}.`;
    case 'exists':
      return `A ${e.scope} preset ${code(e.name)} already exists; choose another name or delete it first.`;
    case 'conflict':
      return `${code(e.name)} was changed by someone else just now; check it with \`/vram preset show name:${e.name}\` and try again.`;
    case 'ambiguous':
      return `You have a personal preset ${code(e.name)} and the team has one too: add \`scope:me\` or \`scope:team\` to say which to ${e.action}.`;
    case 'not_pinnable':
      return `${code(e.name)} is a personal preset; only team presets can be pinned to a channel (save it without \`scope:me\` first).`;
    case 'no_pin':
      return 'This channel has no pinned preset.';
    case 'unknown_action':
      return `${code(e.value)} is not a preset action.${e.suggestion ? ` Did you mean ${code(e.suggestion)}?` : ''} Actions: ${PRESET_ACTIONS.map(code).join(', ')}.`;
    case 'unexpected_args':
      return `\`preset ${e.action}\` does not take ${e.keys.map((k) => code(`${k}:`)).join(', ')}.`;
    case 'unavailable':
      return `Presets are unavailable right now: ${e.reason}. Estimates still work: give the arguments in full, e.g. \`/vram model:llama-3.1-8b lora:true\`.`;
    case 'unsupported':
      return 'Presets are not available here; use the chat bot or the console (`npm start`).';
  }
}

/** An error reply for preset errors (private, like every error). */
export function presetErrorReply(errors: readonly PresetError[], ctx: CommandContext, title = 'Preset problem'): Reply {
  const refused = errors.some((e) => e.code === 'forbidden');
  return errorReply(refused ? 'Not allowed' : title, errors.map((e) => describePresetError(e, ctx)));
}
