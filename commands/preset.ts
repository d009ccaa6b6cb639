/**
 * `/vram preset <action>`: save, list, show, delete, rename, pin and unpin presets. A preset is
 * a validated estimate setup saved in the grammar's canonical form, for the team (default) or
 * for the caller alone (`scope:me`); `/vram preset:<name> batch:8` uses one.
 */
import { parseLine } from './grammar';
import { resolveArgs } from '../src/report';
import { cmd } from '../src/reply/syntax';
import type { Reply } from '../src/reply/types';
import {
  MAX_PERSONAL_PRESETS, MAX_TEAM_PRESETS, TEAM_OWNER, limitFor, scopeOf, type Preset, type PresetStore,
} from '../src/store/presets';
import { specOf } from './declarations';
import { problemReply, type UserError } from './errors';
import { applyPresets } from './preset-apply';
import { PRESET_ARGS_VERSION, canonicalForSave, chosenKeys, loadPresetArgs } from './preset-args';
import { canManage, findPreset, mention, nearNames, ownerFor, parseName, scopeWord, unavailable, withStore } from './preset-common';
import { deleteAction, pinAction, renameAction, unpinAction } from './preset-manage';
import type { Command, CommandServices, Invocation } from './types';

/** What every action gets: the invocation, the services, the open store, and the failure helper. */
export interface ActionInput {
  readonly inv: Invocation;
  readonly services: CommandServices;
  readonly store: PresetStore;
  /** `name:` (or the first positional word). */
  readonly nameText: string | undefined;
  readonly fail: (...errors: UserError[]) => Reply;
}

export const presetCommand: Command = {
  ...specOf('preset'),
  async run(inv: Invocation, services: CommandServices): Promise<Reply> {
    const ctx = inv.context;
    if (inv.action === undefined) return presetHelp(inv);
    const fail = (...errors: UserError[]): Reply => problemReply(errors, ctx, 'Preset problem');
    const access = services.presets;
    if (!access) return fail({ code: 'unsupported' });
    if (!access.ok) return fail(unavailable(services, access.reason));
    const name = inv.args.name;
    const a: ActionInput = { inv, services, store: access.store, nameText: name === undefined ? undefined : String(name), fail };
    switch (inv.action) {
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

function presetHelp(inv: Invocation): Reply {
  const sx = inv.context.syntax;
  return {
    title: 'Presets', severity: 'info', fields: [], visibility: 'private', notes: [],
    description: 'Save a setup once, then reuse it with overrides. Team presets by default; `scope:me` for your own.',
    sections: [{
      title: 'Actions',
      lines: [
        `${cmd(sx, 'preset', 'name:our-8b-lora model:llama-3.1-8b lora:true', 'save')} (save or overwrite; add \`scope:me\` for a personal one)`,
        `${cmd(sx, 'estimate', 'preset:our-8b-lora batch:8')}: use it; typed keys override the preset`,
        `${cmd(sx, 'preset', undefined, 'list')} · ${cmd(sx, 'preset', 'name:x', 'show')} · ${cmd(sx, 'preset', 'name:x', 'delete')} · ${cmd(sx, 'preset', 'name:x to:y', 'rename')}`,
        `${cmd(sx, 'preset', 'name:x', 'pin')}: make it this channel's default, so ${cmd(sx, 'estimate', 'batch:4')} uses it · ${cmd(sx, 'preset', undefined, 'unpin')}`,
      ],
    }],
  };
}

/** The estimate's pairs of a `preset save`: everything but the action's own keys. */
function estimatePairs(inv: Invocation): Record<string, Invocation['args'][string]> {
  return Object.fromEntries(Object.entries(inv.args).filter(([k]) => k !== 'name' && k !== 'scope'));
}

async function saveAction(a: ActionInput): Promise<Reply> {
  const { inv, services, store, fail } = a;
  const ctx = inv.context;
  if (a.nameText === undefined) return fail({ code: 'missing_name', action: 'save' });
  const n = parseName('name', a.nameText);
  if (!n.ok) return fail(...n.errors);
  const scope = scopeWord(inv.args.scope) ?? 'team';
  const base = await applyPresets(estimatePairs(inv), ctx, services, { usePin: false });
  if (!base.ok) return problemReply(base.errors, ctx, "I can't use that preset");
  const canon = canonicalForSave(base.value.args);
  if (!canon.ok) return problemReply(canon.errors, ctx, "I can't save that preset");
  const key = { teamId: ctx.teamId, ownerId: ownerFor(scope, ctx), name: n.value };
  const r = await withStore(services, async () => {
    const existing = await store.get(key);
    if (existing && !canManage(existing, ctx, services)) return { kind: 'refused', existing } as const;
    const saved = await store.save(
      { key, args: canon.value, schemaVersion: PRESET_ARGS_VERSION, authorId: ctx.userId, now: (services.now ?? Date.now)() },
      { version: existing?.version ?? null, limit: limitFor(key.ownerId) },
    );
    return { kind: 'saved', saved, existing } as const;
  });
  if (!r.ok) return fail(...r.errors);
  if (r.value.kind === 'refused') return fail({ code: 'forbidden', action: 'overwrite', name: n.value, authorId: r.value.existing.authorId });
  const { saved, existing } = r.value;
  if (!saved.ok) return fail(saved.reason === 'limit' ? { code: 'limit', scope } : { code: 'stale', name: n.value });
  const p = saved.preset;
  return {
    title: `${saved.created ? 'Saved' : 'Updated'} ${scope} preset \`${p.name}\``,
    severity: 'success',
    description: `Use it with ${cmd(ctx.syntax, 'estimate', `preset:${p.name}`)}; typed keys override it, e.g. ${cmd(ctx.syntax, 'estimate', `preset:${p.name} batch:8`)}.`,
    fields: [...presetFields(p), { name: 'Settings', value: settingsSummary(p), inline: false }],
    sections: [
      { title: 'Saved arguments (canonical)', lines: [`\`${p.args}\``] },
      ...(existing && existing.args !== p.args ? [{ title: 'Before', lines: [`\`${existing.args}\``] }] : []),
      ...base.value.notes.map((line) => ({ title: 'Based on', lines: [line] })),
    ],
    notes: [`Every key is saved (grammar v${PRESET_ARGS_VERSION}), so later changes to the defaults do not change this preset.`],
    visibility: scope === 'personal' || inv.flags.private ? 'private' : 'channel',
    data: () => ({ saved: presetJson(p), created: saved.created, before: existing ? existing.args : null }),
  };
}

async function listAction(a: ActionInput): Promise<Reply> {
  const { inv, services, store, fail } = a;
  const ctx = inv.context;
  const scope = scopeWord(inv.args.scope);
  const r = await withStore(services, async () => ({ all: await store.list(ctx.teamId, ctx.userId), pin: await store.getPin(ctx.teamId, ctx.channelId) }));
  if (!r.ok) return fail(...r.errors);
  const { all, pin } = r.value;
  const shown = all.filter((p) => scope === undefined || scopeOf(p) === scope);
  const teamCount = all.filter((p) => p.ownerId === TEAM_OWNER).length;
  const counts = `${teamCount}/${MAX_TEAM_PRESETS} team presets, ${all.length - teamCount}/${MAX_PERSONAL_PRESETS} of yours.`;
  if (shown.length === 0) {
    return {
      title: 'Presets', severity: 'info', fields: [], sections: [], visibility: 'private', notes: [counts], data: () => ({ presets: [], pinned: null }),
      description: `No presets yet. Save one: ${cmd(ctx.syntax, 'preset', 'name:our-8b-lora model:llama-3.1-8b lora:true', 'save')} (add \`scope:me\` to keep it to yourself).`,
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
    description: pin ? `This channel's pinned preset: \`${pin.preset.name}\` (a bare ${cmd(ctx.syntax, 'estimate', 'batch:4')} here uses it).` : `Use one with ${cmd(ctx.syntax, 'estimate', 'preset:<name>')}, plus any keys to override.`,
    table: { columns: ['Name', 'Scope', 'Settings', 'By', ''], rows },
    sections: [],
    notes: [counts],
    data: () => ({ presets: shown.map(presetJson), pinned: pin ? pin.preset.name : null }),
  };
}

async function showAction(a: ActionInput): Promise<Reply> {
  const { inv, services, store, fail } = a;
  const ctx = inv.context;
  if (a.nameText === undefined) return fail({ code: 'missing_name', action: 'show' });
  const n = parseName('name', a.nameText);
  if (!n.ok) return fail(...n.errors);
  const scope = scopeWord(inv.args.scope);
  const r = await withStore(services, async () => ({ found: await findPreset(store, ctx, n.value, scope), pin: await store.getPin(ctx.teamId, ctx.channelId) }));
  if (!r.ok) return fail(...r.errors);
  if (!r.value.found) {
    const near = await withStore(services, () => nearNames(store, ctx, n.value));
    return fail({ code: 'not_found', name: n.value, ...(scope ? { scope } : {}), suggestions: near.ok ? near.value : [] });
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
    description: r.value.pin?.preset.id === p.id ? '📌 Pinned in this channel.' : `Use it: ${cmd(ctx.syntax, 'estimate', `preset:${p.name} batch:8`)}`,
    fields: [...presetFields(p), { name: 'Settings', value: settingsSummary(p), inline: false }],
    sections: [{ title: 'Saved arguments (canonical)', lines: [`\`${p.args}\``] }],
    notes,
    visibility: 'private',
    data: () => ({ preset: presetJson(p), loads: check.ok, pinnedHere: r.value.pin?.preset.id === p.id }),
  };
}

/** A preset as JSON. */
export function presetJson(p: Preset): Record<string, unknown> {
  return { name: p.name, scope: scopeOf(p), authorId: p.authorId, args: p.args, schemaVersion: p.schemaVersion, version: p.version, createdAt: p.createdAt, updatedAt: p.updatedAt };
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
