/**
 * Sends a rendered reply: its messages in order, the keyboard on the last one, link previews off. In a
 * group the first message replies to the one that asked, and in a forum topic all stay in that topic.
 */
import type { Api } from 'grammy';
import { apiSignal } from './context.js';
import type { RenderedReply } from './render.js';

export interface Target {
  readonly chatId: number;
  /** Forum topic to post in. */
  readonly threadId?: number | undefined;
  /** Message the first part answers (groups). */
  readonly replyTo?: number | undefined;
}

/**
 * Sends messages `from` onwards; `onSent(i)` after message i is accepted, so a caller can resume a
 * partly delivered reply without repeating the parts already sent. `paid`: each message with
 * allow_paid_broadcast (reminders only, see sender.ts; a reply in a user turn never is).
 */
export async function deliver(
  api: Api,
  target: Target,
  rendered: RenderedReply,
  from = 0,
  onSent?: (index: number) => void,
  signal?: AbortSignal,
  paid = false,
): Promise<void> {
  const { messages, keyboard } = rendered;
  for (let i = from; i < messages.length; i++) {
    const last = i === messages.length - 1;
    await api.sendMessage(
      target.chatId,
      messages[i]!,
      {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(target.threadId !== undefined ? { message_thread_id: target.threadId } : {}),
        ...(i === 0 && target.replyTo !== undefined
          ? { reply_parameters: { message_id: target.replyTo, allow_sending_without_reply: true } }
          : {}),
        ...(last && keyboard ? { reply_markup: keyboard } : {}),
        ...(paid ? { allow_paid_broadcast: true } : {}),
      },
      apiSignal(signal),
    );
    onSent?.(i);
  }
}
