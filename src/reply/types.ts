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
  /** Buttons: each re-runs `/vram <command>` for the person who clicks (privately). */
  readonly actions?: readonly ReplyAction[];
}

export interface ReplyAction {
  readonly id: string;
  readonly label: string;
  /** The `/vram` text to run when clicked (e.g. the canonical args plus `how:true`). */
  readonly command: string;
}

/** An error reply: always private, with the friendly sentences. */
export function errorReply(title: string, lines: readonly string[], extra: Partial<Reply> = {}): Reply {
  return {
    title, severity: 'error', description: lines.join('\n'), fields: [], sections: [], notes: [],
    visibility: 'private', ...extra,
  };
}
