/**
 * Saved presets: the storage contract. Pure types and rules only (no I/O): the SQLite
 * implementation lives in `adapters/store/sqlite.ts`, an in-memory one in `./memory.ts`.
 * Methods are async so that a server database (several bot instances) can implement the same
 * interface; see `README.md` beside this file.
 */
import type { RecordStore } from './records';
import type { ButtonStore } from './buttons';
import { fail, ok, type Result } from '../result';

/** The owner id of team presets. Personal presets carry their user's id instead. */
export const TEAM_OWNER = '';

/** Most team presets per team (personal presets count separately, per user). */
export const MAX_TEAM_PRESETS = 200;
/** Most personal presets per user and team. */
export const MAX_PERSONAL_PRESETS = 50;

/** Longest preset name, in characters. */
export const MAX_NAME_LENGTH = 32;
/** Names that mean something else: `preset:none` ignores the channel's pin. */
export const RESERVED_NAMES: readonly string[] = ['none'];
const NAME_RE = /^[a-z0-9_-]{1,32}$/;
/** The rule, in words, for error messages. */
export const NAME_RULE = `1-${MAX_NAME_LENGTH} characters of \`a-z\`, \`0-9\`, \`-\` and \`_\` (case-insensitive)`;

/** Identifies one preset: team, scope (owner) and name. */
export interface PresetKey {
  readonly teamId: string;
  /** {@link TEAM_OWNER} for team presets; the user's id for personal ones. */
  readonly ownerId: string;
  /** Lowercase, matches the name rule. */
  readonly name: string;
}

export interface Preset extends PresetKey {
  /** Stable row id (pins point at it, so they follow a rename). */
  readonly id: number;
  /** The arguments in the grammar's canonical text form (`canonicalArgs`). */
  readonly args: string;
  /** Version of the argument grammar `args` was written with (see `commands/preset-args.ts`). */
  readonly schemaVersion: number;
  readonly authorId: string;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Row version, +1 on every change: the token for optimistic concurrency. */
  readonly version: number;
}

/** A channel's default preset. */
export interface Pin {
  readonly teamId: string;
  readonly channelId: string;
  readonly presetId: number;
  readonly pinnedBy: string;
  readonly pinnedAt: number;
}

export interface SaveInput {
  readonly key: PresetKey;
  readonly args: string;
  readonly schemaVersion: number;
  /** Recorded on creation only: an overwrite keeps the original author. */
  readonly authorId: string;
  readonly now: number;
}

/**
 * What the caller saw before writing: `version: null` means "it did not exist", a number means
 * "it was at this row version". A mismatch is a `conflict` (someone else wrote in between).
 */
export interface SaveExpectation {
  readonly version: number | null;
  /** Refuse to create a new preset when the scope already holds this many. */
  readonly limit: number;
}

export type SaveOutcome =
  | { readonly ok: true; readonly preset: Preset; readonly created: boolean }
  | { readonly ok: false; readonly reason: 'limit' | 'conflict' };

export type RenameOutcome =
  | { readonly ok: true; readonly preset: Preset }
  | { readonly ok: false; readonly reason: 'exists' | 'conflict' };

/**
 * Preset storage. Every write is durable when its promise resolves (a reply that says "saved"
 * is only produced after that). Writes take the version the caller saw, so a permission check
 * made on a read stays valid for the write.
 */
export interface PresetStore extends RecordStore, ButtonStore {
  get(key: PresetKey): Promise<Preset | null>;
  /** The team's presets and `userId`'s personal ones, by name (team first on a tie). */
  list(teamId: string, userId: string): Promise<Preset[]>;
  /** Creates or overwrites (see {@link SaveExpectation}). */
  save(input: SaveInput, expect: SaveExpectation): Promise<SaveOutcome>;
  /** Deletes the preset if it is still at `expectVersion`; its pins go with it. */
  remove(key: PresetKey, expectVersion: number): Promise<boolean>;
  /** Renames within the same scope; pins follow. */
  rename(key: PresetKey, newName: string, expectVersion: number, now: number): Promise<RenameOutcome>;
  getPin(teamId: string, channelId: string): Promise<{ readonly pin: Pin; readonly preset: Preset } | null>;
  /** Pins (or re-pins) a channel; false when the preset no longer exists. */
  setPin(pin: Pin): Promise<boolean>;
  /** Removes a channel's pin; false when there was none. */
  clearPin(teamId: string, channelId: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Whether presets can be used in this process, and why not. */
export type PresetsAccess =
  | { readonly ok: true; readonly store: PresetStore }
  | { readonly ok: false; readonly reason: string };

export type StoreErrorCode = 'unavailable' | 'io';

/** A storage failure (disk full, file became read-only): a bug lane error with code and cause. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }
}

/**
 * Normalizes a typed preset name (trim, lowercase) and checks the rule.
 *
 * @returns the stored form, or the reason it is not allowed
 * @example normalizePresetName('Our-8B') // { ok: true, value: 'our-8b' }
 * @example normalizePresetName('my preset') // { ok: false, errors: ['rule'] }
 */
export function normalizePresetName(typed: string): Result<string, 'rule' | 'reserved'> {
  const name = typed.trim().toLowerCase();
  if (!NAME_RE.test(name)) return fail('rule');
  if (RESERVED_NAMES.includes(name)) return fail('reserved');
  return ok(name);
}

/** `team` or `personal`, from the owner id. */
export function scopeOf(p: PresetKey): 'team' | 'personal' {
  return p.ownerId === TEAM_OWNER ? 'team' : 'personal';
}

/** The limit that applies to a scope. */
export function limitFor(ownerId: string): number {
  return ownerId === TEAM_OWNER ? MAX_TEAM_PRESETS : MAX_PERSONAL_PRESETS;
}
