/**
 * `/vram preset <action>`: save, list, show, delete, rename, pin and unpin presets. A preset is
 * a validated estimate setup saved in the grammar's canonical form, for the team (default) or
 * for the caller alone (`scope:me`); `/vram preset:<name> batch:8` uses one.
 */
import { closest, distance } from 'fastest-levenshtein';
import { parseLine } from './grammar';
import { resolveArgs } from '../src/report';
import type { Reply } from '../src/reply/types';
import {
  MAX_PERSONAL_PRESETS, MAX_TEAM_PRESETS, TEAM_OWNER, limitFor, scopeOf, type Preset, type PresetStore,
} from '../src/store/presets';
import { inputErrorReply, splitReplyKeys } from './estimate';
import { applyPresets } from './preset-apply';
import { PRESET_ARGS_VERSION, canonicalForSave, chosenKeys, loadPresetArgs } from './preset-args';
import { canManage, findPreset, mention, nearNames, ownerFor, parseName, parseScope, withStore } from './preset-common';
import { PRESET_ACTIONS, presetErrorReply, type PresetError } from './preset-errors';
import { deleteAction, pinAction, renameAction, unpinAction } from './preset-manage';
import type { Command, CommandInput } from './types';

/** What every action gets: the parsed input, the open store, and the failure helper. */
export interface ActionInput extends CommandInput {
  readonly store: PresetStore;
  /** `name:` or the first positional word. */
  readonly nameText: string | undefined;
  readonly fail: (...errors: PresetError[]) => Reply;
}

const ALIASES: Readonly<Record<string, (typeof PRESET_ACTIONS)[number]>> = {
  ls: 'list', get: 'show', info: 'show', rm: 'delete', remove: 'delete', del: 'delete', mv: 'rename', add: 'save', set: 'save',
};
/** Keys each action takes besides the estimator keys of `save`. */
const ACTION_KEYS: Readonly<Record<string, readonly string[]>> = {
  list: ['scope'], show: ['name', 'scope'], delete: ['name', 'scope'], rename: ['name', 'to', 'scope'], pin: ['name', 'scope'], unpin: [],
};

export const presetCommand: Command = {
  name: 'preset',
  aliases: ['presets'],
  summary: 'Save, list, pin and reuse setups: `preset save name:x <args>`, then `/vram preset:x batch:8`',
  usage: '/vram preset save name:our-8b-lora model:llama-3.1-8b lora:true · /vram preset:our-8b-lora batch:8',
  async run(input: CommandInput): Promise<Reply> {
    const { words, args, ctx, services } = input;
    const typed = words[0]?.toLowerCase();
    if (typed === undefined) return presetHelp();
    const action = (PRESET_ACTIONS as readonly string[]).includes(typed) ? typed : ALIASES[typed];
    const fail = (...errors: PresetError[]): Reply => presetErrorReply(errors, ctx);
    if (action === undefined) {
      const best = closest(typed, [...PRESET_ACTIONS]);
      return fail({ code: 'unknown_action', value: typed, ...(distance(typed, best) <= 2 ? { suggestion: best } : {}) });
    }
    const allowed = ACTION_KEYS[action];
    const extra = allowed ? Object.keys(args).filter((k) => !allowed.includes(k)) : [];
    if (extra.length > 0) return fail({ code: 'unexpected_args', action, keys: extra });
    const access = services?.presets;
    if (!access) return fail({ code: 'unsupported' });
    if (!access.ok) return fail({ code: 'unavailable', reason: access.reason });
    const a: ActionInput = { ...input, store: access.store, nameText: args.name ?? words[1], fail };
    switch (action) {
      case 'save': return saveAction(a);
      case 'list': return listAction(a);
      case 'show': return showAction(a);
      case 'delete': return deleteAction(a);
      case 'rename': return renameAction(a);
      case 'pin': return pinAction(a);
      default: return unpinAction(a);
    }
  },
};

function presetHelp(): Reply {
  return {
    title: 'Presets', severity: 'info', fields: [], visibility: 'private', notes: [],
    description: 'Save a setup once, then reuse it with overrides. Team presets by default; `scope:me` for your own.',
    sections: [{
      title: 'Actions',
      lines: [
        '`/vram preset save name:our-8b-lora model:llama-3.1-8b lora:true` (save or overwrite; add `scope:me` for a personal one)',
        '`/vram preset:our-8b-lora batch:8`: use it; typed keys override the preset',
        '`/vram preset list` · `/vram preset show name:x` · `/vram preset delete name:x` · `/vram preset rename name:x to:y`',
        '`/vram preset pin name:x`: make it this channel\'s default, so `/vram batch:4` uses it · `/vram preset unpin`',
      ],
    }],
  };
}

async function saveAction(a: ActionInput): Promise<Reply> {
  const { ctx, services, store, fail } = a;
  if (a.nameText === undefined) return fail({ code: 'missing_name', action: 'save' });
  const n = parseName('name', a.nameText);
  if (!n.ok) return fail(n.error);
  const sc = parseScope(a.args.scope);
  if (!sc.ok) return fail(sc.error);
  const scope = sc.scope ?? 'team';
  const pairs = Object.fromEntries(Object.entries(a.args).filter(([k]) => k !== 'name' && k !== 'scope'));
  const { rest, isPrivate } = splitReplyKeys(pairs);
  if (typeof isPrivate === 'object') return inputErrorReply([isPrivate], "I can't save that preset");
  const base = await applyPresets(rest, ctx, services, { usePin: false });
  if (!base.ok) return base.reply;
  const canon = canonicalForSave(base.args);
  if (!canon.ok) return inputErrorReply(canon.errors, "I can't save that preset");
  const key = { teamId: ctx.teamId, ownerId: ownerFor(scope, ctx), name: n.name };
  const r = await withStore(services, async () => {
    const existing = await store.get(key);
    if (existing && !canManage(existing, ctx, services)) return { kind: 'refused', existing } as const;
    const saved = await store.save(
      { key, args: canon.value, schemaVersion: PRESET_ARGS_VERSION, authorId: ctx.userId, now: (services?.now ?? Date.now)() },
      { version: existing?.version ?? null, limit: limitFor(key.ownerId) },
    );
    return { kind: 'saved', saved, existing } as const;
  });
  if (!r.ok) return fail(r.error);
  if (r.value.kind === 'refused') return fail({ code: 'forbidden', action: 'overwrite', name: n.name, authorId: r.value.existing.authorId });
  const { saved, existing } = r.value;
  if (!saved.ok) return fail(saved.reason === 'limit' ? { code: 'limit', scope } : { code: 'conflict', name: n.name });
  const p = saved.preset;
  return {
    title: `${saved.created ? 'Saved' : 'Updated'} ${scope} preset \`${p.name}\``,
    severity: 'success',
    description: `Use it with \`/vram preset:${p.name}\`; typed keys override it, e.g. \`/vram preset:${p.name} batch:8\`.`,
    fields: [...presetFields(p), { name: 'Settings', value: settingsSummary(p), inline: false }],
    sections: [
      { title: 'Saved arguments (canonical)', lines: [`\`${p.args}\``] },
      ...(existing && existing.args !== p.args ? [{ title: 'Before', lines: [`\`${existing.args}\``] }] : []),
      ...base.notes.map((line) => ({ title: 'Based on', lines: [line] })),
    ],
    notes: [`Every key is saved (grammar v${PRESET_ARGS_VERSION}), so later changes to the defaults do not change this preset.`],
    visibility: scope === 'personal' || isPrivate ? 'private' : 'channel',
  };
}

async function listAction(a: ActionInput): Promise<Reply> {
  const { ctx, services, store, fail } = a;
  const sc = parseScope(a.args.scope);
  if (!sc.ok) return fail(sc.error);
  const r = await withStore(services, async () => ({ all: await store.list(ctx.teamId, ctx.userId), pin: await store.getPin(ctx.teamId, ctx.channelId) }));
  if (!r.ok) return fail(r.error);
  const { all, pin } = r.value;
  const shown = all.filter((p) => sc.scope === undefined || scopeOf(p) === sc.scope);
  const teamCount = all.filter((p) => p.ownerId === TEAM_OWNER).length;
  const counts = `${teamCount}/${MAX_TEAM_PRESETS} team presets, ${all.length - teamCount}/${MAX_PERSONAL_PRESETS} of yours.`;
  if (shown.length === 0) {
    return {
      title: 'Presets', severity: 'info', fields: [], sections: [], visibility: 'private', notes: [counts],
      description: 'No presets yet. Save one: `/vram preset save name:our-8b-lora model:llama-3.1-8b lora:true` (add `scope:me` to keep it to yourself).',
    };
  }
  const names = new Set(all.filter((p) => p.ownerId !== TEAM_OWNER).map((p) => p.name));
  const rows = shown.map((p) => {
    const marks = [
      ...(pin?.preset.id === p.id ? ['📌 pinned here'] : []),
      ...(p.ownerId === TEAM_OWNER && names.has(p.name) ? ['shadowed by yours'] : []),
    ];
    return [p.name, scopeOf(p) === 'team' ? 'team' : 'personal (you)', settingsSummary(p), mention(p.authorId), marks.join(', ')];
  });
  return {
    title: 'Presets', severity: 'info', fields: [], visibility: 'private',
    description: pin ? `This channel's pinned preset: \`${pin.preset.name}\` (a bare \`/vram batch:4\` here uses it).` : 'Use one with `/vram preset:<name>`, plus any keys to override.',
    table: { columns: ['Name', 'Scope', 'Settings', 'By', ''], rows },
    sections: [],
    notes: [counts],
  };
}

async function showAction(a: ActionInput): Promise<Reply> {
  const { ctx, services, store, fail } = a;
  if (a.nameText === undefined) return fail({ code: 'missing_name', action: 'show' });
  const n = parseName('name', a.nameText);
  if (!n.ok) return fail(n.error);
  const sc = parseScope(a.args.scope);
  if (!sc.ok) return fail(sc.error);
  const r = await withStore(services, async () => ({ found: await findPreset(store, ctx, n.name, sc.scope), pin: await store.getPin(ctx.teamId, ctx.channelId) }));
  if (!r.ok) return fail(r.error);
  if (!r.value.found) {
    const near = await withStore(services, () => nearNames(store, ctx, n.name));
    return fail({ code: 'not_found', name: n.name, ...(sc.scope ? { scope: sc.scope } : {}), suggestions: near.ok ? near.value : [] });
  }
  const { preset: p, shadows } = r.value.found;
  const loaded = loadPresetArgs(p.args, p.schemaVersion);
  const check = loaded.ok ? resolveArgs(loaded.value.args) : loaded;
  const notes = [
    ...(shadows ? [`The team also has a \`${p.name}\`; your personal one shadows it (\`scope:team\` shows the team's).`] : []),
    ...(loaded.ok && loaded.value.ignored.length > 0 ? [`Ignored (unknown to this version${loaded.value.newer ? '; saved by a newer one' : ''}): ${loaded.value.ignored.map((x) => `\`${x}\``).join(', ')}.`] : []),
    ...(check.ok ? [] : [`This preset no longer loads: ${check.errors.map((e) => e.key ? `\`${e.key}\`` : e.code).join(', ')}; re-save it.`]),
  ];
  return {
    title: `Preset \`${p.name}\` (${scopeOf(p)})`,
    severity: check.ok ? 'info' : 'warning',
    description: r.value.pin?.preset.id === p.id ? '📌 Pinned in this channel.' : `Use it: \`/vram preset:${p.name} batch:8\``,
    fields: [...presetFields(p), { name: 'Settings', value: settingsSummary(p), inline: false }],
    sections: [{ title: 'Saved arguments (canonical)', lines: [`\`${p.args}\``] }],
    notes,
    visibility: 'private',
  };
}

/** Scope, author, dates and grammar version of a preset, as reply fields. */
export function presetFields(p: Preset): { name: string; value: string; inline: boolean }[] {
  const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
  return [
    { name: 'Scope', value: scopeOf(p) === 'team' ? 'team' : `personal (${mention(p.ownerId)})`, inline: true },
    { name: 'Author', value: mention(p.authorId), inline: true },
    { name: 'Updated', value: `${day(p.updatedAt)} (created ${day(p.createdAt)}, v${p.version})`, inline: true },
  ];
}

/** The values a preset sets beyond the defaults, `key:value`, for lists. */
export function settingsSummary(p: Preset): string {
  const parsed = parseLine(p.args);
  if (!parsed.ok) return p.args.slice(0, 80);
  const saved = parsed.value.args;
  const { chosen } = chosenKeys(saved, Object.keys(saved));
  const text = chosen.map((k) => `${k}:${saved[k] ?? ''}`).join(' ');
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}
