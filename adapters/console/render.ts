/** Console rendering: the neutral reply as plain text, private replies marked. */
import { replyText } from '../../src/reply/text';
import type { Reply } from '../../src/reply/types';

export function renderConsole(reply: Reply): string {
  const text = replyText(reply);
  return reply.visibility === 'private' ? `(only visible to you)\n${text}` : text;
}
