/**
 * my_chat_member: the bot's own membership changed. A user who blocks the bot (kicked) or a group that
 * removes it (left/kicked) is marked inactive, so reminders stop; unblocking or re-adding makes it active.
 */
import { conversationId, type BotContext, type HandlerDeps } from './context.js';

export function onMyChatMember(deps: Pick<HandlerDeps, 'status'>) {
  return async (ctx: BotContext): Promise<void> => {
    const update = ctx.myChatMember;
    if (!update) return;
    const conversation = conversationId(update.chat.id);
    const member = update.new_chat_member;
    const inside =
      member.status === 'member' ||
      member.status === 'administrator' ||
      member.status === 'creator' ||
      (member.status === 'restricted' && member.is_member);
    ctx.log.info({ status: member.status, chatType: update.chat.type }, 'bot membership changed');
    if (inside) await deps.status.markActive(conversation);
    else await deps.status.markInactive(conversation, member.status === 'kicked' ? 'blocked' : 'left');
  };
}
