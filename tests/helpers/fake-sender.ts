/** A MessageSender (our own port) that records sends and can be told to fail, for scheduler tests. */
import type { Reply } from '../../src/message/model.js';
import { DeliveryError, type MessageSender } from '../../src/ports/platform.js';
import { renderPlain } from '../../src/render/plain.js';
import type { Clock } from '../../src/ports/capabilities.js';

export interface SentMessage {
  readonly conversation: string;
  readonly key: string;
  readonly text: string;
  readonly at: Date;
}

export class FakeSender implements MessageSender {
  readonly sent: SentMessage[] = [];
  /** Called before each send; throw a DeliveryError to simulate the platform refusing. */
  failWith: ((conversation: string, attempt: number) => DeliveryError | undefined) | undefined;
  private attempts = new Map<string, number>();

  constructor(
    readonly platform: string,
    private readonly clock: Clock,
  ) {}

  send(conversation: string, reply: Reply, key: string): Promise<void> {
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);
    const error = this.failWith?.(conversation, attempt);
    if (error) return Promise.reject(error);
    this.sent.push({
      conversation,
      key,
      text: renderPlain(reply, { self: 'bot' }).text,
      at: this.clock.now(),
    });
    return Promise.resolve();
  }

  to(conversation: string): SentMessage[] {
    return this.sent.filter((m) => m.conversation === conversation);
  }
}

export { DeliveryError };
