/**
 * How a reply writes a command the user could type. Replies say "see `/vram models`" or "save it
 * with `/vram preset save name:x ...`"; on Discord those commands are spelled differently
 * (`/vram-models`, `/vram-preset save name:x args:...`). The adapter that will render a reply
 * puts its syntax in the command context, and every command mention is written through it, so
 * no adapter rewrites reply text afterwards.
 */

/** A command to mention: the command, its action (preset actions), and `key:value` arguments. */
export interface CommandRef {
  /** `estimate` for the estimate itself. */
  readonly command: string;
  readonly action?: string;
  /** Arguments in the grammar (`name:our-8b model:llama-3.1-8b`), or placeholders (`<args>`). */
  readonly args?: string;
}

export interface Syntax {
  /** The command as this platform's user types it, without backticks. */
  command(ref: CommandRef): string;
}

/** Slack, the console and the CLI: `/vram <command> [action] <args>`. */
export const TEXT_SYNTAX: Syntax = {
  command(ref) {
    const parts = ['/vram', ref.command === 'estimate' ? '' : ref.command, ref.action ?? '', ref.args ?? ''];
    return parts.filter((p) => p !== '').join(' ');
  },
};

/** A command mention in backticks, for reply text. */
export function cmd(sx: Syntax | undefined, command: string, args?: string, action?: string): string {
  return `\`${(sx ?? TEXT_SYNTAX).command({ command, ...(action !== undefined ? { action } : {}), ...(args !== undefined ? { args } : {}) })}\``;
}
