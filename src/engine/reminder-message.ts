/**
 * Renders a delivery at send time from the current content, so a reminder is never stale and never says
 * "7 days left" once the date has passed. Each reminder is self-contained (what, when, what to do, buttons).
 */
import { encodeAction } from '../message/actions.js';
import type { Content, Lang } from '../content/types.js';
import { formatDeadlineWhen } from './format.js';
import { menuButton, reachBlock, rows, topicButton, uiBlocks, uiInline } from './compose.js';
import { parseBlocks } from '../content/markdown.js';
import type { Block, Button, Reply } from '../message/model.js';
import type { Delivery } from '../ports/store.js';
import { calendarDaysUntil } from '../scheduler/timing.js';

export function composeDelivery(
  content: Content,
  delivery: Delivery,
  lang: Lang,
  timezone: string,
  now: Date,
): Reply | undefined {
  switch (delivery.kind) {
    case 'deadline':
    case 'announce': {
      const d = content.deadlines.find((x) => x.id === delivery.ref);
      if (!d || d.at.getTime() <= now.getTime()) return undefined;
      const when = formatDeadlineWhen(d, timezone, lang, content.languages);
      const days = calendarDaysUntil(now, d.at, timezone);
      const lead =
        delivery.kind === 'announce'
          ? uiBlocks(content, lang, 'new_deadline', { title: d.title[lang], when })
          : uiBlocks(
              content,
              lang,
              days <= 0 ? 'reminder_today' : days === 1 ? 'reminder_tomorrow' : 'reminder_in_days',
              { when, days: String(days) },
            );
      const blocks: Block[] = [
        { kind: 'heading', content: uiInline(content, lang, 'reminder_heading', { title: d.title[lang] }) },
        ...lead,
        ...d.text[lang],
        reachBlock(content, lang),
      ];
      const topics = d.topics
        .map((t) => topicButton(content, lang, t))
        .filter((b): b is Button => Boolean(b));
      return {
        blocks,
        buttons: [...rows(topics, 2), [unsubscribeButton(content, lang), menuButton(content, lang)]],
      };
    }
    case 'personal': {
      const topic = content.topics.get(delivery.ref);
      if (!topic) return undefined;
      const t = topic.text[lang];
      return {
        topic: topic.id,
        blocks: [
          { kind: 'heading', content: uiInline(content, lang, 'personal_reminder', { title: t.title }) },
          { kind: 'paragraph', content: [{ kind: 'text', text: t.summary }] },
          reachBlock(content, lang),
        ],
        buttons: [
          [
            topicButton(content, lang, topic.id)!,
            {
              kind: 'action',
              label: content.ui[lang].done_button,
              action: encodeAction({ type: 'done', item: topic.id }),
            },
          ],
        ],
      };
    }
    case 'broadcast':
      return delivery.payload
        ? {
            blocks: [
              // The weekly notice to admins about stale content ("stale:<week>") brings its own heading.
              ...(delivery.ref.startsWith('stale:')
                ? []
                : [{ kind: 'heading', content: uiInline(content, lang, 'broadcast_heading') } as const]),
              ...parseBlocks(delivery.payload),
            ],
            buttons: [[menuButton(content, lang)]],
          }
        : undefined;
  }
}

const unsubscribeButton = (content: Content, lang: Lang): Button => ({
  kind: 'action',
  label: content.ui[lang].unsubscribe_button,
  action: encodeAction({ type: 'unsubscribe' }),
});
