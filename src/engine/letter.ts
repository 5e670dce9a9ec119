/**
 * /brief and /letter (and the "Letter" button under the objection topics): the topic `brief` (when a letter
 * is the better route, whom to send it to, what to keep, how long Meta has), then the letter itself, in
 * German, as a message of its own so that it can be copied whole. The bot stores nothing of it: the
 * blanks are filled in outside the chat. Letters: content/letters.yaml (src/content/letters.ts).
 */
import { findLetter, letterBlocks, lettersOf, type Letter } from '../content/letters.js';
import { encodeAction } from '../message/actions.js';
import type { Button, Reply } from '../message/model.js';
import { menuButton, uiBlocks } from './compose.js';
import type { CommandId } from '../content/commands.js';
import type { Content } from '../content/types.js';
import {
  notice,
  type ActionHandler,
  type CommandHandler,
  type GuideServices,
  type TopicDecorator,
  type TurnContext,
} from './turn.js';

/** What the letter needs of the engine (the engine itself, without importing it: no cycle). */
export interface LetterHost extends GuideServices {
  readonly content: Content;
  registerCommand(ids: CommandId, handler: CommandHandler): void;
  registerAction(keys: readonly string[], handler: ActionHandler): void;
  decorateTopics(decorator: TopicDecorator): void;
}

/** The topic that explains the letter (content/topics/brief.*.md). */
const LETTER_TOPIC = 'brief';

function letterReplies(engine: LetterHost, ctx: TurnContext, letter: Letter): Reply[] {
  const { content, lang } = ctx;
  const others: Button[] = lettersOf(content)
    .filter((l) => l.id !== letter.id)
    .map((l) => ({
      kind: 'action',
      label: `${content.ui[lang].letter_button.replace(/^(\S+\s)?.*$/u, '$1')}${l.services}`.trim(),
      action: encodeAction({ type: 'letter', letter: l.id }),
    }));
  return [
    ...(content.topics.has(LETTER_TOPIC) ? [engine.topicReply(LETTER_TOPIC, lang)] : []),
    {
      blocks: uiBlocks(content, lang, 'letter_intro', {
        recipient: letter.recipient,
        services: letter.services,
      }),
      buttons: [],
    },
    { blocks: letterBlocks(letter), buttons: [...others.map((b) => [b]), [menuButton(content, lang)]] },
  ];
}

export function registerLetter(engine: LetterHost): void {
  engine.registerCommand('letter', (ctx, args) => {
    const letters = lettersOf(ctx.content);
    const letter = findLetter(letters, args.split(/\s+/)[0] ?? '');
    if (!letter)
      return [notice(ctx, 'letter_unknown', { services: letters.map((l) => l.services).join(' · ') })];
    return letterReplies(engine, ctx, letter);
  });

  engine.registerAction(['letter'], (ctx, action) => {
    const letter = action.type === 'letter' ? findLetter(lettersOf(ctx.content), action.letter) : undefined;
    return letter ? letterReplies(engine, ctx, letter) : [notice(ctx, 'bad_action')];
  });

  // The "Letter" button under each topic a letter names (the objection topics).
  engine.decorateTopics((topicId, lang, reply) => {
    const content = engine.content;
    // A broken letters.yaml (content:check names it) must not break every topic answer: no button then.
    let letter: Letter | undefined;
    try {
      letter = lettersOf(content).find((l) => l.topics.includes(topicId));
    } catch {
      return reply;
    }
    if (!letter) return reply;
    const button: Button = {
      kind: 'action',
      label: content.ui[lang].letter_button,
      action: encodeAction({ type: 'letter', letter: letter.id }),
    };
    return { ...reply, buttons: [...reply.buttons.slice(0, -1), [button], ...reply.buttons.slice(-1)] };
  });
}
