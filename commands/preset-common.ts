/**
 * Helpers shared by `/vram preset ...` and the estimate's `preset:` key: finding a preset by
 * name (personal shadows team), who may manage it, and the store's failure lane.
 */
import { closest, distance } from 'fastest-levenshtein';
import { StoreError, TEAM_OWNER, normalizePresetName, type Preset, type PresetStore } from '../src/store/presets';
import { fail, ok, type Result } from '../src/result';
import { newErrorId } from './ids';
import type { PresetError, PresetScopeWord } from './errors';
import type { CommandContext, CommandServices } from './types';

/** A preset found by name, and whether it hides a team preset of the same name. */
export interface Found {
  readonly preset: Preset;
  /** A personal preset that shadows a team one with the same name. */
  readonly shadows: boolean;
}

/**
 * Finds `name` for the caller: their personal preset first, then the team's, unless `scope`
 * says which.
 */
export async function findPreset(store: PresetStore, ctx: CommandContext, name: string, scope?: PresetScopeWord): Promise<Found | null> {
  const personal = scope === 'team' ? null : await store.get({ teamId: ctx.teamId, ownerId: ctx.userId, name });
  const team = scope === 'personal' ? null : await store.get({ teamId: ctx.teamId, ownerId: TEAM_OWNER, name });
  if (personal) return { preset: personal, shadows: team !== null };
  return team ? { preset: team, shadows: false } : null;
}

/** Up to three names close to `name` among the caller's presets. */
export async function nearNames(store: PresetStore, ctx: CommandContext, name: string): Promise<string[]> {
  const names = [...new Set((await store.list(ctx.teamId, ctx.userId)).map((p) => p.name))];
  if (names.length === 0) return [];
  const scored = names.map((n) => ({ n, d: distance(name, n) })).filter((x) => x.d <= Math.max(2, Math.floor(name.length / 3)) || x.n.startsWith(name));
  scored.sort((a, b) => a.d - b.d);
  const out = scored.slice(0, 3).map((x) => x.n);
  return out.length > 0 ? out : [closest(name, names)].filter((n) => distance(name, n) <= 3);
}

/** The author, a platform admin (ctx.isAdmin) or a configured admin (ADMIN_USER_IDS). */
export function canManage(p: Pick<Preset, 'authorId'>, ctx: CommandContext, services: CommandServices | undefined): boolean {
  return p.authorId === ctx.userId || ctx.isAdmin === true || (services?.admins ?? []).includes(ctx.userId);
}

/** Parses a typed name for `key`; lowercase on success. */
export function parseName(key: string, typed: string): Result<string, PresetError> {
  const r = normalizePresetName(typed);
  if (r.ok) return r;
  return fail({ code: r.errors[0] === 'reserved' ? 'reserved_name' : 'bad_name', key, value: typed });
}

/** `team` / `personal` from the grammar's `scope:` (`team` or `me`; undefined when not given). */
export function scopeWord(value: unknown): PresetScopeWord | undefined {
  return value === 'team' ? 'team' : value === 'me' ? 'personal' : undefined;
}

/** The owner id for a scope and caller. */
export function ownerFor(scope: PresetScopeWord, ctx: CommandContext): string {
  return scope === 'team' ? TEAM_OWNER : ctx.userId;
}

/**
 * Runs storage calls; a {@link StoreError} (disk full, file gone read-only) is logged and
 * becomes the `unavailable` error, so the user gets a reason instead of a crash.
 */
export async function withStore<T>(services: CommandServices | undefined, f: () => Promise<T>): Promise<Result<T, PresetError>> {
  try {
    return ok(await f());
  } catch (err) {
    if (!(err instanceof StoreError)) throw err;
    return fail(unavailable(services, err.message, err));
  }
}

/**
 * The `unavailable` error for a store that cannot be used: the reason (paths, errno, SQLite's
 * message) is logged under a fresh error id, and only the id goes to the user.
 */
export function unavailable(services: CommandServices | undefined, reason: string, err?: unknown): PresetError {
  const errorId = newErrorId();
  services?.log?.(`preset store failed (error id ${errorId}): ${reason}`, err, { errorId });
  return { code: 'unavailable', reason, errorId };
}

/** `<@id>`: a mention on Slack and Discord, the id elsewhere. */
export const mention = (userId: string): string => `<@${userId}>`;
