/**
 * The one place that builds delivery keys. A key makes planning idempotent (a second enqueue with the same key
 * is ignored), so it names everything that makes a delivery distinct. Every key ends with ":<conversation>":
 * the store relies on that to rewrite keys when a conversation moves to a new id (Store.moveConversation).
 *
 * - `d:<deadline>:<atMs>:<offsetDays>:<conversation>` a deadline reminder (the date is in it: a moved deadline
 *   plans anew)
 * - `n:<deadline>:<conversation>` the notice that a new deadline exists
 * - `p:<topic>:<dueAtMs>:<conversation>` a personal reminder
 * - `b:<broadcastId>:<conversation>` an admin broadcast
 */
import type { Deadline } from '../content/types.js';

export const deadlineKey = (d: Deadline, offsetDays: number, conversation: string): string =>
  `d:${d.id}:${d.at.getTime()}:${offsetDays}:${conversation}`;

export const announceKey = (d: Pick<Deadline, 'id'>, conversation: string): string =>
  `n:${d.id}:${conversation}`;

export const personalKey = (topic: string, dueAt: Date, conversation: string): string =>
  `p:${topic}:${dueAt.getTime()}:${conversation}`;

export const broadcastKey = (broadcastId: string, conversation: string): string =>
  `b:${broadcastId}:${conversation}`;
