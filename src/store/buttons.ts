/**
 * Button state: what a Discord button runs when clicked. A button's `custom_id` holds 100
 * characters and an invocation is longer, so the bot keeps id -> invocation (adapters/discord/
 * actions.ts). In memory for the process, and here, in the preset store (SQLite or PostgreSQL),
 * so that a click after a restart, or on another instance, still runs.
 */
export interface ButtonStore {
  /** Remembers a button's invocation (JSON text) until `expiresAt` (ms since the epoch); expired rows are swept. */
  saveButton(id: string, invocation: string, expiresAt: number): Promise<void>;
  /** The invocation of an unexpired button, or null. */
  loadButton(id: string, now: number): Promise<string | null>;
}
