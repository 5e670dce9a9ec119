/**
 * Answers room messages meant for the bot: filters (own, old, edits, notices), decides whether it is
 * addressed (direct chat, mention, known command), maps a number to the last numbered choice, asks the
 * engine and sends its replies with transaction ids derived from the event id.
 */
import type { IncomingEvent } from '../../src/ports/engine.js';
import type { Reply } from '../../src/message/model.js';
import type { Logger } from '../../src/ports/capabilities.js';
import { parseChoice } from '../../src/render/choices.js';
import { BoundedMap } from '../../src/util/bounded-map.js';
import { addressedText } from './address.js';
import { skipReason } from './event-filter.js';
import { deliverAll, type MatrixEvent, type RoomEventDeps } from './handler-deps.js';
import { errorFields } from './log-fields.js';
import { apologyNotice } from './notices.js';
import { conversationOf } from './sender.js';

export class Messages {
  /** Room → the outage in which it last got an apology. */
  private readonly apologized = new BoundedMap<string, number>(10_000);

  constructor(private readonly deps: RoomEventDeps) {}

  async onMessage(roomId: string, event: MatrixEvent, log: Logger): Promise<void> {
    const self = this.deps.self();
    const skip = skipReason(event, { selfUserId: self.userId, notBefore: this.deps.notBefore() });
    if (skip) {
      log.debug({ skip }, 'matrix message ignored');
      return;
    }
    const content = event.content!;
    const direct = await this.deps.rooms.isDirect(roomId);
    const mentions = (content['m.mentions'] as { user_ids?: unknown } | undefined)?.user_ids;
    const relation = content['m.relates_to'] as { 'm.in_reply_to'?: unknown } | undefined;
    const html =
      content.format === 'org.matrix.custom.html' && typeof content.formatted_body === 'string'
        ? content.formatted_body
        : undefined;
    const text = addressedText(
      {
        body: content.body as string,
        formattedBody: html,
        mentionedUserIds: Array.isArray(mentions)
          ? mentions.filter((m): m is string => typeof m === 'string')
          : undefined,
        isReply: Boolean(relation?.['m.in_reply_to']),
        direct,
      },
      self,
      (name) => this.deps.engine.isCommand(name),
    );
    if (text === undefined) return;

    const conversation = conversationOf(roomId);
    // It reads the room, so it is in the room: whatever marked the room unreachable is over.
    if (!(await this.deps.status.isActive(conversation))) await this.deps.status.markActive(conversation);
    const key = `reply:${String(event.event_id)}`;
    let answer: Awaited<ReturnType<Messages['answer']>>;
    try {
      answer = await this.answer(roomId, { conversation, user: conversationOf(String(event.sender)), text });
    } catch (err) {
      log.error({ err: errorFields(err) }, 'matrix message could not be answered');
      const health = this.deps.storeHealth;
      if (health && !(await health.reachable())) {
        // The sync is handled again once the store is back; one apology per room per outage is enough.
        if (this.apologized.get(roomId) === health.outages) return;
        this.apologized.set(roomId, health.outages);
      }
      await deliverAll(
        this.deps.sender,
        conversation,
        [apologyNotice(this.deps.engine.content())],
        `${key}:apology`,
        log,
      );
      return;
    }
    if (await deliverAll(this.deps.sender, conversation, answer.replies, key, log)) {
      log.info({ direct, choice: answer.choice, replies: answer.replies.length }, 'matrix message answered');
    }
  }

  /** A number picks from the room's last numbered choices; anything else goes to the engine as text. */
  private async answer(
    roomId: string,
    event: IncomingEvent & { text: string },
  ): Promise<{ replies: Reply[]; choice: string | null }> {
    const n = parseChoice(event.text);
    const chosen = n === undefined ? undefined : (await this.deps.choices.get(roomId))?.[n - 1];
    if (chosen?.kind === 'action') {
      return {
        replies: await this.deps.engine.handle({
          conversation: event.conversation,
          user: event.user!,
          action: chosen.action,
        }),
        choice: 'action',
      };
    }
    if (chosen?.kind === 'url') {
      const link: Reply = {
        blocks: [
          {
            kind: 'paragraph',
            content: [{ kind: 'link', href: chosen.url, children: [{ kind: 'text', text: chosen.label }] }],
          },
        ],
        buttons: [],
      };
      return { replies: [link], choice: 'url' };
    }
    return { replies: await this.deps.engine.handle(event), choice: null };
  }
}
