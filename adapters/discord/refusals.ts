/**
 * The adapter's own refusals, as neutral private replies with a stable code (in `data()`):
 * too many commands from one person, too much work at once, the bot restarting, and an
 * interaction this bot has no answer for. Commands never see these requests.
 */
import { errorReply, type Reply } from '../../src/reply/types';

export type RefusalCode = 'rate_limited' | 'busy' | 'restarting' | 'unsupported_interaction';

function refusal(code: RefusalCode, title: string, line: string): Reply {
  return errorReply(title, [line], { data: () => ({ error: { code, title, message: line } }) });
}

/**
 * The caller spent their budget (Slack words it the same).
 * @param retryAfterMs time until the next command is accepted
 */
export function rateLimitedReply(retryAfterMs: number, capacity: number, windowMs: number): Reply {
  const secs = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return refusal('rate_limited', 'Slow down a little',
    `You've sent ${capacity} commands in the last ${Math.round(windowMs / 1000)} seconds, which is my limit per person. Please try again in ${secs} second${secs === 1 ? '' : 's'}.`);
}

/** The work queue is full. */
export function busyReply(): Reply {
  return refusal('busy', 'I am busy right now', 'Too many people are asking at once. Please try again in a minute.');
}

/** The bot is shutting down (a restart or a deploy). */
export function restartingReply(): Reply {
  return refusal('restarting', 'I am restarting', 'I am restarting and not taking new commands for a moment. Please try again in a minute.');
}

/** An interaction of a kind this bot does not answer (a form, a select menu, a context-menu command). */
export function unsupportedReply(): Reply {
  return refusal('unsupported_interaction', 'I cannot answer that', 'I only answer my slash commands and their buttons. Type `/vram-help` to see them.');
}

