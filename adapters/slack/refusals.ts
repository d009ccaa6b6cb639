/**
 * The adapter's own refusals, as neutral replies (always private): input too long, too many
 * requests. Commands never see these requests.
 */
import { MAX_INPUT_CHARS } from '../../commands/grammar';
import { errorReply, type Reply } from '../../src/reply/types';

/** The text after `/vram` is longer than the grammar accepts. */
export function tooLongReply(length: number): Reply {
  return errorReply('That command is too long', [
    `Your \`/vram\` text is ${length} characters; I accept up to ${MAX_INPUT_CHARS}. Please shorten it and try again.`,
  ], { notes: ['Type `/vram help` for every key and an example.'] });
}

/**
 * The caller spent their request budget.
 * @param retryAfterMs time until the next request is accepted
 */
export function rateLimitedReply(retryAfterMs: number, capacity: number, windowMs: number): Reply {
  const secs = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return errorReply('Slow down a little', [
    `You've sent ${capacity} requests in the last ${Math.round(windowMs / 1000)} seconds, which is my limit per person. Please try again in ${secs} second${secs === 1 ? '' : 's'}.`,
  ]);
}
