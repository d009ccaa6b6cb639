/**
 * The actions of `/vram preset` that change or remove what others use: delete, rename, pin and
 * unpin. Each is allowed to the preset's author, a platform admin (`ctx.isAdmin`) or a
 * configured admin (ADMIN_USER_IDS); a refusal says who may.
 */
import type { Reply } from '../src/reply/types';
import { TEAM_OWNER, scopeOf, type Preset } from '../src/store/presets';
import { canManage, findPreset, mention, nearNames, parseName, parseScope, withStore, type Found } from './preset-common';
import type { PresetAction, PresetError } from './preset-errors';
import type { ActionInput } from './preset';

const done = (title: string, description: string, p: Preset | null, notes: readonly string[] = []): Reply => ({
  title, description, severity: 'success', fields: [], sections: [], notes,
  visibility: p && scopeOf(p) === 'personal' ? 'private' : 'channel',
});

/**
 * Finds the preset a destructive action names: with both a personal and a team preset of that
 * name and no `scope:`, asks which instead of guessing.
 */
async function target(a: ActionInput, action: PresetAction): Promise<{ ok: true; found: Found } | { ok: false; reply: Reply }> {
  const { ctx, services, store, fail } = a;
  if (a.nameText === undefined) return { ok: false, reply: fail({ code: 'missing_name', action }) };
  const n = parseName('name', a.nameText);
  if (!n.ok) return { ok: false, reply: fail(n.error) };
  const sc = parseScope(a.args.scope);
  if (!sc.ok) return { ok: false, reply: fail(sc.error) };
  const r = await withStore(services, () => findPreset(store, ctx, n.name, sc.scope));
  if (!r.ok) return { ok: false, reply: fail(r.error) };
  if (!r.value) {
    const near = await withStore(services, () => nearNames(store, ctx, n.name));
    return { ok: false, reply: fail({ code: 'not_found', name: n.name, ...(sc.scope ? { scope: sc.scope } : {}), suggestions: near.ok ? near.value : [] }) };
  }
  if (r.value.shadows && sc.scope === undefined) return { ok: false, reply: fail({ code: 'ambiguous', name: n.name, action }) };
  return { ok: true, found: r.value };
}

const refuse = (a: ActionInput, action: PresetAction, p: Preset): Reply | null =>
  canManage(p, a.ctx, a.services) ? null : a.fail({ code: 'forbidden', action, name: p.name, authorId: p.authorId });

export async function deleteAction(a: ActionInput): Promise<Reply> {
  const t = await target(a, 'delete');
  if (!t.ok) return t.reply;
  const p = t.found.preset;
  const no = refuse(a, 'delete', p);
  if (no) return no;
  const r = await withStore(a.services, () => a.store.remove(p, p.version));
  if (!r.ok) return a.fail(r.error);
  if (!r.value) return a.fail({ code: 'conflict', name: p.name });
  return done(`Deleted ${scopeOf(p)} preset \`${p.name}\``, 'Channels that had it pinned have no pin now.', p, [
    `To restore it: \`/vram preset save name:${p.name}${scopeOf(p) === 'personal' ? ' scope:me' : ''} ${p.args}\``,
  ]);
}

export async function renameAction(a: ActionInput): Promise<Reply> {
  const t = await target(a, 'rename');
  if (!t.ok) return t.reply;
  const p = t.found.preset;
  const toText = a.args.to ?? a.words[2];
  if (toText === undefined) return a.fail({ code: 'missing_name', action: 'rename' });
  const to = parseName('to', toText);
  if (!to.ok) return a.fail(to.error);
  const no = refuse(a, 'rename', p);
  if (no) return no;
  const scope = scopeOf(p);
  if (to.name === p.name) return a.fail({ code: 'exists', name: to.name, scope });
  const r = await withStore(a.services, () => a.store.rename(p, to.name, p.version, (a.services?.now ?? Date.now)()));
  if (!r.ok) return a.fail(r.error);
  if (!r.value.ok) return a.fail(r.value.reason === 'exists' ? { code: 'exists', name: to.name, scope } : { code: 'conflict', name: p.name });
  return done(`Renamed ${scope} preset \`${p.name}\` to \`${to.name}\``, `Use it as \`/vram preset:${to.name}\`; pins follow the rename.`, p);
}

export async function pinAction(a: ActionInput): Promise<Reply> {
  const { ctx, services, store, fail } = a;
  if (a.nameText === undefined) return fail({ code: 'missing_name', action: 'pin' });
  const n = parseName('name', a.nameText);
  if (!n.ok) return fail(n.error);
  const sc = parseScope(a.args.scope);
  if (!sc.ok) return fail(sc.error);
  if (sc.scope === 'personal') return fail({ code: 'not_pinnable', name: n.name });
  const r = await withStore(services, async () => ({
    team: await store.get({ teamId: ctx.teamId, ownerId: TEAM_OWNER, name: n.name }),
    mine: await store.get({ teamId: ctx.teamId, ownerId: ctx.userId, name: n.name }),
    old: await store.getPin(ctx.teamId, ctx.channelId),
  }));
  if (!r.ok) return fail(r.error);
  const { team, mine, old } = r.value;
  if (!team) {
    if (mine) return fail({ code: 'not_pinnable', name: n.name });
    const near = await withStore(services, () => nearNames(store, ctx, n.name));
    return fail({ code: 'not_found', name: n.name, scope: 'team', suggestions: near.ok ? near.value : [] });
  }
  const no = refuse(a, 'pin', team);
  if (no) return no;
  if (old && old.preset.id !== team.id && !canManage(old.preset, ctx, services)) {
    return fail({ code: 'forbidden', action: 'replace the pin of', name: old.preset.name, authorId: old.preset.authorId });
  }
  const set = await withStore(services, () => store.setPin({ teamId: ctx.teamId, channelId: ctx.channelId, presetId: team.id, pinnedBy: ctx.userId, pinnedAt: (services?.now ?? Date.now)() }));
  if (!set.ok) return fail(set.error);
  if (!set.value) return fail({ code: 'conflict', name: team.name });
  const replaced = old && old.preset.id !== team.id ? [`It replaces \`${old.preset.name}\`.`] : [];
  return done(
    `Pinned \`${team.name}\` in this channel`,
    `A bare \`/vram batch:4\` here now means \`${team.name}\` with batch 4. Typed keys override it; \`preset:none\` ignores it; \`/vram preset unpin\` removes it.`,
    team, [...replaced, `Pinned by ${mention(ctx.userId)}.`],
  );
}

export async function unpinAction(a: ActionInput): Promise<Reply> {
  const { ctx, services, store, fail } = a;
  const r = await withStore(services, () => store.getPin(ctx.teamId, ctx.channelId));
  if (!r.ok) return fail(r.error);
  if (!r.value) return fail({ code: 'no_pin' } satisfies PresetError);
  const p = r.value.preset;
  const no = refuse(a, 'unpin', p);
  if (no) return no;
  const c = await withStore(services, () => store.clearPin(ctx.teamId, ctx.channelId));
  if (!c.ok) return fail(c.error);
  return done(`Unpinned \`${p.name}\` from this channel`, 'Estimates here need `model:` again (or `preset:<name>`).', p);
}
