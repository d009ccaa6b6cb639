/**
 * Reply actions as Discord buttons. A button's `custom_id` is limited to 100 characters and an
 * action's invocation (the canonical estimate plus `how:true`) is longer, so the invocation stays on
 * the server: a short random id maps to it in a bounded map (least recently used out first,
 * each entry valid for an hour), written through to the preset store's button table when there is
 * one (SQLite or PostgreSQL, src/store/buttons.ts), so a click after a restart still runs. A click
 * on an id neither holds (expired, evicted, or never stored) gets a polite "run it again" instead
 * of a failure.
 */
import { randomBytes } from 'node:crypto';
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponentWithCustomId } from 'discord.js';
import type { ActionInvocation, ReplyAction } from '../../src/reply/types';
import { clip } from './limits';
import type { ButtonStore } from '../../src/store/buttons';

/** What marks a `custom_id` as one of ours (`vram:act:<id>`). */
export const ACTION_ID_PREFIX = 'vram:act:';
/** Default bound on remembered actions. */
export const DEFAULT_ACTION_CAPACITY = 1000;
/** Default lifetime of a button: one hour. */
export const DEFAULT_ACTION_TTL_MS = 60 * 60 * 1000;

/** Discord's limits on message components. */
export const COMPONENT_LIMITS = { customId: 100, label: 80, rows: 5, perRow: 5 } as const;

export interface ActionStoreOptions {
  /** Most entries kept (default 1000); the least recently used goes first. */
  readonly capacity?: number;
  /** How long an entry is valid after it was stored (default 1 h). */
  readonly ttlMs?: number;
  /** Clock (tests pin it). */
  readonly now?: () => number;
  /** Id source (default 12 random bytes, base64url: 16 characters). */
  readonly newId?: () => string;
  /** Durable copy (the preset store's button table): written through on put, read on a miss. */
  readonly backing?: ButtonStore;
  /** Told when the durable copy fails (the button still works from memory in this process). */
  readonly onError?: (err: unknown) => void;
}

interface Entry { readonly invocation: ActionInvocation; readonly expiresAt: number }

/** The bounded id -> invocation map behind the buttons. */
export class ActionStore {
  private readonly entries = new Map<string, Entry>();
  private readonly capacity: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly backing: ButtonStore | undefined;
  private readonly onError: (err: unknown) => void;

  constructor(opts: ActionStoreOptions = {}) {
    this.backing = opts.backing;
    this.onError = opts.onError ?? ((): void => undefined);
    this.capacity = Math.max(1, opts.capacity ?? DEFAULT_ACTION_CAPACITY);
    this.ttlMs = opts.ttlMs ?? DEFAULT_ACTION_TTL_MS;
    this.now = opts.now ?? Date.now;
    this.newId = opts.newId ?? ((): string => randomBytes(12).toString('base64url'));
  }

  get size(): number {
    return this.entries.size;
  }

  /** Remembers an invocation; returns its id. */
  put(invocation: ActionInvocation): string {
    let id = this.newId();
    while (this.entries.has(id)) id = this.newId();
    const expiresAt = this.now() + this.ttlMs;
    this.entries.set(id, { invocation, expiresAt });
    // Written through in the background: the reply is not held up, and memory answers this process's clicks meanwhile.
    if (this.backing) void this.backing.saveButton(id, JSON.stringify(invocation), expiresAt).catch(this.onError);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
    return id;
  }

  /** The invocation for `id`, or undefined when it expired or was never (or no longer) held. */
  get(id: string): ActionInvocation | undefined {
    const e = this.entries.get(id);
    if (!e) return undefined;
    this.entries.delete(id);
    if (this.now() >= e.expiresAt) return undefined;
    this.entries.set(id, e); // most recently used now
    return e.invocation;
  }

  /**
   * The invocation for `id`: from memory, else from the durable copy (a button posted before a
   * restart, or by another process). A stored value that is not an invocation is treated as
   * missing; a store failure too (logged), so the click gets "run it again".
   */
  async resolve(id: string): Promise<ActionInvocation | undefined> {
    const hit = this.get(id);
    if (hit !== undefined || !this.backing) return hit;
    try {
      const text = await this.backing.loadButton(id, this.now());
      if (text === null) return undefined;
      const v = JSON.parse(text) as unknown;
      return isInvocation(v) ? v : undefined;
    } catch (err) {
      this.onError(err);
      return undefined;
    }
  }
}

/** The shape of an ActionInvocation (restore() checks the values themselves again). */
function isInvocation(v: unknown): v is ActionInvocation {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  const flags = o.flags as Record<string, unknown> | undefined;
  return typeof o.command === 'string' && typeof o.args === 'object' && o.args !== null && typeof flags === 'object' && flags !== null
    && typeof flags.private === 'boolean' && typeof flags.how === 'boolean';
}

/** `custom_id` for an action id. */
export function actionCustomId(id: string): string {
  return `${ACTION_ID_PREFIX}${id}`;
}

/** The action id in one of our `custom_id`s, or null for anything else. */
export function parseActionCustomId(customId: string): string | null {
  return customId.startsWith(ACTION_ID_PREFIX) && customId.length > ACTION_ID_PREFIX.length ? customId.slice(ACTION_ID_PREFIX.length) : null;
}

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

/**
 * Action rows of secondary buttons for a reply's actions (at most 5 rows of 5; the rest are
 * dropped), each remembered in `store`. No actions, no rows.
 */
export function actionRows(actions: readonly ReplyAction[] | undefined, store: ActionStore): ButtonRow[] {
  const shown = (actions ?? []).slice(0, COMPONENT_LIMITS.rows * COMPONENT_LIMITS.perRow);
  const rows: ButtonRow[] = [];
  for (let i = 0; i < shown.length; i += COMPONENT_LIMITS.perRow) {
    rows.push({
      type: ComponentType.ActionRow,
      components: shown.slice(i, i + COMPONENT_LIMITS.perRow).map((a) => ({
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: clip(a.label.trim() === '' ? a.id : a.label, COMPONENT_LIMITS.label),
        custom_id: actionCustomId(store.put(a.invocation)),
      })),
    });
  }
  return rows;
}
