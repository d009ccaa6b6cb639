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
import { deliver, replyFor, usersInfoVia, type VramCommandDeps } from './command';
import { renderSlack, type SlackMessage } from './render';

export type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** Who clicked, where (the team may be null on org-wide installs: the user's team then). */
export function actionContext(body: BlockAction): CommandContext {
  const containerChannel: unknown = (body.container as Record<string, unknown> | undefined)?.channel_id;
  return {
    platform: 'slack',
    teamId: body.team?.id ?? body.user.team_id ?? '',
    channelId: body.channel?.id ?? (typeof containerChannel === 'string' ? containerChannel : ''),
    userId: body.user.id,
  };
}

/** The Bolt listener for `vram_action:*` buttons. */
export function actionListener(d: VramCommandDeps): (args: ActionArgs) => Promise<void> {
  return async (args) => {
    try {
      await args.ack();
    } catch (err) {
      d.log('slack: ack failed (button)', err);
    }
    const { action, body } = args;
    const ctx = actionContext(body);
    if (action.type !== 'button' || typeof action.value !== 'string') {
      d.log(`slack: ignored a ${action.type} action ${action.action_id} without a command (team ${ctx.teamId}, channel ${ctx.channelId || '(none)'})`);
      return;
    }
    const reply = await replyFor({ input: { button: action.value }, ctx, usersInfo: usersInfoVia(args.client) }, d);
    // Always private, whatever the reply's own visibility: the clicker asked, not the channel.
    const message: SlackMessage = { ...renderSlack(reply), response_type: 'ephemeral', replace_original: false };
    await deliver(message, { respond: args.respond, client: args.client }, ctx, d.log);
  };
}
