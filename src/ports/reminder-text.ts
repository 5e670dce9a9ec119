/**
 * The text of a delivery (a deadline reminder, a personal reminder, an announcement, a broadcast) in the
 * recipient's language, composed when it is sent. The scheduler asks for it through this port; the engine
 * composes it (src/engine/reminder-message.ts), and the composition root hands one to the other.
 */
import type { Content, Lang } from '../content/types.js';
import type { Reply } from '../message/model.js';
import type { Delivery } from './store.js';

export interface ReminderText {
  /** The reply to send, or undefined when the content no longer has what the delivery names (it is skipped). */
  (content: Content, delivery: Delivery, lang: Lang, timezone: string, now: Date): Reply | undefined;
}
