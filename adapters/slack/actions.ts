/**
 * Button clicks (`block_actions` for `action_id` `vram_action:<id>`): ack at once, then run the
 * button's `value` (an invocation as JSON, e.g. the estimate plus `how:true`) for the person who
 * clicked, and send the answer to them alone through the action's response_url, as a new
 * message (`replace_original: false`). The same rate limit, length check and admin lookup as
 * the slash command apply; the clicker's own permissions decide. Never throws.
 *
 * Running the value is no privilege: Slack sends the value stored with the message we posted; it
 * is validated key by key like typed input, and anything in it is something the clicker could
 * type after `/vram` themselves.
 */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { CommandContext } from '../../commands/types';
import { answerFor, deliver, finish, forRequest, usersInfoVia, type VramCommandDeps } from './command';
import { renderSlack, type SlackMessage } from './render';

export type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

type Loose = Record<string, unknown> | undefined;
const rec = (v: unknown): Loose => (typeof v === 'object' && v !== null ? v as Record<string, unknown> : undefined);
const idOf = (v: unknown): string | undefined => {
  const id = rec(v)?.id;
  return typeof id === 'string' ? id : undefined;
};

/**
 * Who clicked, where (the team may be null on org-wide installs: the user's team then). Read
 * defensively: a signed payload is Slack's, but its shape is only what Slack documents.
 */
export function actionContext(body: BlockAction): CommandContext {
  const b = body as unknown as Record<string, unknown>;
  const user = rec(b.user);
  const userTeam = user?.team_id;
  const containerChannel = rec(b.container)?.channel_id;
  return {
    platform: 'slack',
    teamId: idOf(b.team) ?? (typeof userTeam === 'string' ? userTeam : ''),
    channelId: idOf(b.channel) ?? (typeof containerChannel === 'string' ? containerChannel : ''),
    userId: idOf(user) ?? '',
  };
}

/** The Bolt listener for `vram_action:*` buttons. Never throws. */
export function actionListener(base: VramCommandDeps): (args: ActionArgs) => Promise<void> {
  return async (args) => {
    const { d, receipt } = forRequest(base, args.context);
    try {
      await args.ack();
    } catch (err) {
      d.log('slack: ack failed (button)', err);
    }
    try {
      const { body } = args;
      const action = rec(args.action as unknown);
      const ctx = actionContext(body);
      const type = typeof action?.type === 'string' ? action.type : 'untyped';
      if (type !== 'button' || typeof action?.value !== 'string' || ctx.userId === '') {
        const id = typeof action?.action_id === 'string' ? action.action_id.slice(0, 80) : '(no action_id)';
        d.log(`slack: ignored a ${type.slice(0, 40)} action ${id} without a command or a user (team ${ctx.teamId || '(none)'}, channel ${ctx.channelId || '(none)'})`);
        return;
      }
      const answer = await answerFor({ input: { button: action.value }, ctx, usersInfo: usersInfoVia(args.client) }, d);
      // Always private, whatever the reply's own visibility: the clicker asked, not the channel.
      const message: SlackMessage = { ...renderSlack(answer.reply), response_type: 'ephemeral', replace_original: false };
      const delivered = await deliver(message, { respond: args.respond, client: args.client }, ctx, d.log);
      finish(d, receipt, answer, delivered);
    } catch (err) {
      d.metrics?.error('slack', 'listener');
      d.log('slack: the button listener failed', err);
    }
  };
}
