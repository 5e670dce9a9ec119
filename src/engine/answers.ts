/**
 * The answers that depend only on content, language and time, cached per content load: topic answers
 * (with the feature modules' buttons), the menu and /frist. A reload swaps in a new cache.
 */
import type { Content, Lang } from '../content/types.js';
import type { Reply } from '../message/model.js';
import { composeTopic, dedupeButtons, placeOfTopic } from './compose.js';
import { composeDeadline } from './deadline-answer.js';
import type { TopicDecorator } from './turn.js';

export class Answers {
  private readonly cache = new Map<string, Reply>();

  constructor(
    readonly content: Content,
    private readonly decorators: readonly TopicDecorator[],
    /** WEB_BASE_URL: topic answers then link to their web page. */
    private readonly webBaseUrl?: string,
  ) {}

  /** Forgets every composed answer (a decorator was added). */
  clear(): void {
    this.cache.clear();
  }

  /** The composed answer for a topic; an unknown id gets the menu. */
  topic(topicId: string, lang: Lang): Reply {
    const key = `${lang}:${topicId}`;
    let reply = this.cache.get(key);
    if (!reply) {
      const topic = this.content.topics.get(topicId);
      reply = topic ? composeTopic(this.content, topic, lang, this.webBaseUrl) : this.menu(lang);
      if (topic && topic.id !== 'start') {
        for (const decorate of this.decorators) reply = decorate(topic.id, lang, reply);
        // Feature buttons too: never two buttons to the same place, none back to the answer itself.
        reply = dedupeButtons(reply, placeOfTopic(topic.id));
      }
      this.cache.set(key, reply);
    }
    return reply;
  }

  menu(lang: Lang): Reply {
    return this.topic('start', lang);
  }

  /** The /frist answer, cached until the next deadline passes (the key is the next deadline's index). */
  deadline(lang: Lang, now: Date): Reply {
    const next = this.content.deadlines.findIndex((d) => d.at.getTime() > now.getTime());
    const key = `${lang}:deadline:${next}`;
    let reply = this.cache.get(key);
    if (!reply) this.cache.set(key, (reply = composeDeadline(this.content, lang, now, this.webBaseUrl)));
    return reply;
  }
}
