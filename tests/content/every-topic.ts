/**
 * Renders every topic of a content folder in every language through the engine (with the feature
 * buttons) and lists what breaks the rules: Telegram's 4,096 characters per message, the text limits,
 * and two buttons leading to the same place. Used for the real content and for fixtures.
 */
import { BODY_GUIDELINE_CHARS, MAX_CHECKLIST_BODY_CHARS, MAX_VISIBLE_CHARS } from '../../src/content/limits.js';
import type { Content, Lang } from '../../src/content/types.js';
import { destinationOf } from '../../src/engine/compose.js';
import { Engine } from '../../src/engine/engine.js';
import { registerReminders } from '../../src/features/reminders.js';
import type { Reply } from '../../src/message/model.js';
import { visibleLength } from '../../src/render/measure.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { VirtualTime } from '../helpers/virtual-time.js';

const SELF = 'https://t.me/ki_widerspruch_bot';

export function duplicateButtons(reply: Reply): string[] {
  const seen = new Map<string, number>();
  for (const b of reply.buttons.flat()) seen.set(destinationOf(b), (seen.get(destinationOf(b)) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([place]) => place);
}

export async function ruleViolations(content: Content): Promise<string[]> {
  const store = new SqliteStore(':memory:');
  try {
    const engine = new Engine({
      content,
      preferences: store,
      clock: new VirtualTime(new Date('2026-11-30T10:00:00Z')),
    });
    registerReminders(engine, { store, nudge: () => undefined });
    const out: string[] = [];
    const langs = Object.keys(content.ui) as Lang[];
    for (const topic of content.topics.values()) {
      for (const lang of langs) {
        const t = topic.text[lang];
        const answers: [string, Reply][] = [
          ['answer', engine.topicReply(topic.id, lang)],
          [
            'sources',
            (await engine.handle({ conversation: `t:${lang}`, action: `s:${topic.id}`, languageHint: lang }))[0]!,
          ],
        ];
        for (const [what, reply] of answers) {
          const visible = visibleLength(reply.blocks) + SELF.length;
          if (visible > MAX_VISIBLE_CHARS)
            out.push(`${t.file}: ${what} is ${visible} visible characters (Telegram: ${MAX_VISIBLE_CHARS})`);
          const dup = duplicateButtons(reply);
          if (dup.length) out.push(`${t.file}: ${what} has two buttons to ${dup.join(', ')}`);
        }
        const body = visibleLength(t.blocks);
        const limit = topic.checklist ? MAX_CHECKLIST_BODY_CHARS : BODY_GUIDELINE_CHARS;
        if (body > limit)
          out.push(`${t.file}: text is ${body} characters (at most ${limit}${topic.checklist ? ', checklist' : ''})`);
      }
    }
    return out;
  } finally {
    await store.close();
  }
}
