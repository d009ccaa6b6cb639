/**
 * The neutral reply: what every command returns and every adapter renders (Discord embed,
 * Slack Block Kit, console text). No platform field lives here.
 */

/** success: fits; warning: fits but tight; danger: does not fit; info: listings/help; error: bad input or failure. */
export type Severity = 'success' | 'warning' | 'danger' | 'info' | 'error';

export interface ReplyField {
  readonly name: string;
  readonly value: string;
  readonly inline?: boolean;
}

export interface ReplyTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Right-align numeric columns. */
  readonly align?: readonly ('left' | 'right')[];
}

export interface ReplySection {
  readonly title: string;
  readonly lines: readonly string[];
}

/** Data for a stacked-bar chart of the components against GPU capacities. */
export interface ChartData {
  readonly title: string;
  /** The components at the peak, in order; `key` is the component id (`ComponentId`), which fixes the colour. */
  readonly segments: readonly { readonly key: string; readonly label: string; readonly bytes: number }[];
  readonly capacities: readonly { readonly label: string; readonly bytes: number; readonly target: boolean }[];
  /**
   * Without a target: the card the reply's headline recommends (one of `capacities`), so that the
   * chart names the same card as the text.
   */
  readonly headline?: string;
}

export interface Reply {
  readonly title: string;
  /** The verdict, one or two sentences. */
  readonly description?: string;
  readonly severity: Severity;
  readonly fields: readonly ReplyField[];
  readonly table?: ReplyTable;
  readonly sections: readonly ReplySection[];
  /** Small print: assumptions, sources, the error id of a failure. */
  readonly notes: readonly string[];
  /** `channel`: everyone sees it (the default for results); `private`: only the caller (errors, `private:true`). */
  readonly visibility: 'channel' | 'private';
  readonly chart?: ChartData;
  /** Set on internal failures: the id that also appears in the log. */
  readonly errorId?: string;
  /** Buttons: each runs its invocation for the person who clicks (privately). */
  readonly actions?: readonly ReplyAction[];
  /**
   * The answer as plain JSON for the CLI's `--json` (the estimate's numbers, a fit, the catalog),
   * built only when asked for. Chat adapters ignore it.
   */
  readonly data?: () => unknown;
}

/**
 * What a button runs: a command with its typed arguments and reply flags, the same shape a
 * platform hands the commands (`commands/types.ts` Invocation) without who clicked and where.
 */
export interface ActionInvocation {
  readonly command: string;
  readonly action?: string;
  readonly args: Readonly<Record<string, string | number | boolean | readonly string[]>>;
  readonly flags: { readonly private: boolean; readonly how: boolean };
}

export interface ReplyAction {
  readonly id: string;
  readonly label: string;
  /** The invocation to run when clicked, for the person who clicks. */
  readonly invocation: ActionInvocation;
}

/** An error reply: always private, with the friendly sentences. */
export function errorReply(title: string, lines: readonly string[], extra: Partial<Reply> = {}): Reply {
  return {
    title, severity: 'error', description: lines.join('\n'), fields: [], sections: [], notes: [],
    visibility: 'private', data: () => ({ error: { title, message: lines.join(' ') } }), ...extra,
  };
}

/**
 * The one reply to a failure on our side (a bug, a platform request that failed): polite,
 * private, with the id that is also in the log.
 */
export function failureReply(id: string): Reply {
  return errorReply('Something went wrong', [
    `Something went wrong on my side while answering that. Please try again; if it keeps happening, report error id \`${id}\`.`,
  ], { errorId: id, data: () => ({ error: { code: 'internal', errorId: id, message: 'Something went wrong on our side.' } }) });
}
