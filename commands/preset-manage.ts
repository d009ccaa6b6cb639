/**
 * The actions of `/vram preset` that change or remove what others use: delete, rename, pin and
 * unpin. Each is allowed to the preset's author, a platform admin (`ctx.isAdmin`) or a
 * configured admin (ADMIN_USER_IDS); a refusal says who may.
 */
import { cmd } from '../src/reply/syntax';
import type { Reply } from '../src/reply/types';
import { TEAM_OWNER, scopeOf, type Preset } from '../src/store/presets';
import { canManage, findPreset, mention, nearNames, parseName, scopeWord, withStore, type Found } from './preset-common';
import type { PresetAction, PresetError } from './errors';
import type { ActionInput } from './preset';

const done = (title: string, description: string, p: Preset | null, notes: readonly string[] = []): Reply => ({
  title, description, severity: 'success', fields: [], sections: [], notes,
  visibility: p && scopeOf(p) === 'personal' ? 'private' : 'channel',
  data: () => ({ done: title.replace(/`/g, ''), preset: p ? { name: p.name, scope: scopeOf(p), args: p.args } : null }),
});

/**
 * Finds the preset a destructive action names: with both a personal and a team preset of that
 * name and no `scope:`, asks which instead of guessing.
 */
async function target(a: ActionInput, action: PresetAction): Promise<{ ok: true; found: Found } | { ok: false; errors: readonly PresetError[] }> {
  const { inv, services, store } = a;
  const ctx = inv.context;
  if (a.nameText === undefined) return { ok: false, errors: [{ code: 'missing_name', action }] };
  const n = parseName('name', a.nameText);
  if (!n.ok) return n;
  const scope = scopeWord(inv.args.scope);
  const r = await withStore(services, () => findPreset(store, ctx, n.value, scope));
  if (!r.ok) return r;
  if (!r.value) {
    const near = await withStore(services, () => nearNames(store, ctx, n.value));
    return { ok: false, errors: [{ code: 'not_found', name: n.value, ...(scope ? { scope } : {}), suggestions: near.ok ? near.value : [] }] };
  }
  if (r.value.shadows && scope === undefined) return { ok: false, errors: [{ code: 'ambiguous', name: n.value, action }] };
  return { ok: true, found: r.value };
}

const refuse = (a: ActionInput, action: PresetAction, p: Preset): Reply | null =>
  canManage(p, a.inv.context, a.services) ? null : a.fail({ code: 'forbidden', action, name: p.name, authorId: p.authorId });

export async function deleteAction(a: ActionInput): Promise<Reply> {
  const t = await target(a, 'delete');
  if (!t.ok) return a.fail(...t.errors);
  const p = t.found.preset;
  const no = refuse(a, 'delete', p);
  if (no) return no;
  const r = await withStore(a.services, () => a.store.remove(p, p.version));
  if (!r.ok) return a.fail(...r.errors);
  if (!r.value) return a.fail({ code: 'stale', name: p.name });
  return done(`Deleted ${scopeOf(p)} preset \`${p.name}\``, 'Channels that had it pinned have no pin now.', p, [
    `To restore it: ${cmd(a.inv.context.syntax, 'preset', `name:${p.name}${scopeOf(p) === 'personal' ? ' scope:me' : ''} ${p.args}`, 'save')}`,
  ]);
}

export async function renameAction(a: ActionInput): Promise<Reply> {
  const t = await target(a, 'rename');
  if (!t.ok) return a.fail(...t.errors);
  const p = t.found.preset;
  const toValue = a.inv.args.to;
  if (toValue === undefined) return a.fail({ code: 'missing_name', action: 'rename' });
  const to = parseName('to', String(toValue));
  if (!to.ok) return a.fail(...to.errors);
  const no = refuse(a, 'rename', p);
  if (no) return no;
  const scope = scopeOf(p);
  if (to.value === p.name) return a.fail({ code: 'exists', name: to.value, scope });
  const r = await withStore(a.services, () => a.store.rename(p, to.value, p.version, (a.services.now ?? Date.now)()));
  if (!r.ok) return a.fail(...r.errors);
  if (!r.value.ok) return a.fail(r.value.reason === 'exists' ? { code: 'exists', name: to.value, scope } : { code: 'stale', name: p.name });
  return done(`Renamed ${scope} preset \`${p.name}\` to \`${to.value}\``, `Use it as ${cmd(a.inv.context.syntax, 'estimate', `preset:${to.value}`)}; pins follow the rename.`, p);
}

export async function pinAction(a: ActionInput): Promise<Reply> {
  const { inv, services, store, fail } = a;
  const ctx = inv.context;
  if (a.nameText === undefined) return fail({ code: 'missing_name', action: 'pin' });
  const n = parseName('name', a.nameText);
  if (!n.ok) return fail(...n.errors);
  const scope = scopeWord(inv.args.scope);
  if (scope === 'personal') return fail({ code: 'not_pinnable', name: n.value });
  const r = await withStore(services, async () => ({
    team: await store.get({ teamId: ctx.teamId, ownerId: TEAM_OWNER, name: n.value }),
    mine: await store.get({ teamId: ctx.teamId, ownerId: ctx.userId, name: n.value }),
    old: await store.getPin(ctx.teamId, ctx.channelId),
  }));
  if (!r.ok) return fail(...r.errors);
  const { team, mine, old } = r.value;
  if (!team) {
    if (mine) return fail({ code: 'not_pinnable', name: n.value });
    const near = await withStore(services, () => nearNames(store, ctx, n.value));
    return fail({ code: 'not_found', name: n.value, scope: 'team', suggestions: near.ok ? near.value : [] });
  }
  const no = refuse(a, 'pin', team);
  if (no) return no;
  if (old && old.preset.id !== team.id && !canManage(old.preset, ctx, services)) {
    return fail({ code: 'forbidden', action: 'replace the pin of', name: old.preset.name, authorId: old.preset.authorId });
  }
  const set = await withStore(services, () => store.setPin({ teamId: ctx.teamId, channelId: ctx.channelId, presetId: team.id, pinnedBy: ctx.userId, pinnedAt: (services.now ?? Date.now)() }));
  if (!set.ok) return fail(...set.errors);
  if (!set.value) return fail({ code: 'stale', name: team.name });
  const replaced = old && old.preset.id !== team.id ? [`It replaces \`${old.preset.name}\`.`] : [];
  return done(
    `Pinned \`${team.name}\` in this channel`,
    `A bare ${cmd(ctx.syntax, 'estimate', 'batch:4')} here now means \`${team.name}\` with batch 4. Typed keys override it; \`preset:none\` ignores it; ${cmd(ctx.syntax, 'preset', undefined, 'unpin')} removes it.`,
    team, [...replaced, `Pinned by ${mention(ctx.userId)}.`],
  );
}

export async function unpinAction(a: ActionInput): Promise<Reply> {
  const { inv, services, store, fail } = a;
  const ctx = inv.context;
  const r = await withStore(services, () => store.getPin(ctx.teamId, ctx.channelId));
  if (!r.ok) return fail(...r.errors);
  if (!r.value) return fail({ code: 'no_pin' } satisfies PresetError);
  const p = r.value.preset;
  const no = refuse(a, 'unpin', p);
  if (no) return no;
  const c = await withStore(services, () => store.clearPin(ctx.teamId, ctx.channelId));
  if (!c.ok) return fail(...c.errors);
  return done(`Unpinned \`${p.name}\` from this channel`, 'Estimates here need `model:` again (or `preset:<name>`).', p);
}
