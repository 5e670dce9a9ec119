/**
 * The /frist answer: the next open deadline, or a note that we know of none, what came before, and when
 * the list was last checked.
 */
import type { Content, Deadline, Lang } from '../content/types.js';
import { formatDeadlineWhen } from './format.js';
import type { Block, Button, Reply } from '../message/model.js';
import { dedupeButtons, menuButton, rows, standText, topicButton, uiBlocks, uiInline } from './compose.js';

function nextDeadline(content: Content, now: Date): Deadline | undefined {
  return content.deadlines.find((d) => d.at.getTime() > now.getTime());
}

export function composeDeadline(content: Content, lang: Lang, now: Date): Reply {
  const next = nextDeadline(content, now);
  const blocks: Block[] = [{ kind: 'heading', content: uiInline(content, lang, 'deadline_heading') }];
  let buttons: Button[] = [];
  if (next) {
    blocks.push(
      ...uiBlocks(content, lang, 'deadline_next', {
        title: next.title[lang],
        when: formatDeadlineWhen(next, next.timezone, lang, content.languages),
      }),
    );
    blocks.push(...next.text[lang]);
    buttons = next.topics.map((t) => topicButton(content, lang, t)).filter((b): b is Button => Boolean(b));
  } else {
    blocks.push(...uiBlocks(content, lang, 'deadline_none'));
  }
  const past = content.deadlines.filter((d) => d.at.getTime() <= now.getTime());
  if (past.length) {
    blocks.push(...uiBlocks(content, lang, 'deadline_past'));
    blocks.push({
      kind: 'list',
      ordered: false,
      items: past.map((d) => [
        {
          kind: 'bold',
          children: [{ kind: 'text', text: formatDeadlineWhen(d, d.timezone, lang, content.languages) }],
        },
        { kind: 'text', text: `: ${d.title[lang]}` },
      ]),
    });
  }
  // When the list was last compared with the sources, shown like a topic's "Stand" line.
  blocks.push({
    kind: 'paragraph',
    content: [
      {
        kind: 'bold',
        children: [{ kind: 'text', text: standText(content, lang, { checked: content.deadlinesChecked }) }],
      },
    ],
  });
  return dedupeButtons({
    blocks,
    buttons: [...rows(buttons, 2), [menuButton(content, lang)]],
  });
}
