/**
 * The commands the engine answers itself: /frist, /quellen, /sprache and /befehle. Feature modules bind the
 * others (reminders, privacy, admin); together they cover src/content/commands.ts.
 */
import { parseLanguageName } from '../content/languages.js';
import { encodeAction } from '../message/actions.js';
import type { Reply } from '../message/model.js';
import type { PreferenceStore } from '../ports/capabilities.js';
import { composeCommandList } from './commands.js';
import { composeNotice, composeSources, rows, uiBlocks } from './compose.js';
import type { Engine } from './engine.js';
import type { TurnContext } from './turn.js';

export function registerBuiltins(engine: Engine, preferences: PreferenceStore): void {
  engine.registerCommand('deadline', (ctx) => [engine.deadlineReply(ctx.lang)]);

  engine.registerCommand('sources', (ctx, args) => {
    const id = args.trim() ? engine.resolveTopic(args) : undefined;
    const topic = id ? ctx.content.topics.get(id) : undefined;
    return [topic ? composeSources(ctx.content, topic, ctx.lang) : engine.topicReply('sources', ctx.lang)];
  });

  engine.registerCommand('commands', (ctx) => [
    composeCommandList(ctx.content, ctx.lang, ctx.event.commandPrefix),
  ]);

  engine.registerCommand('language', async (ctx, args) => {
    const wanted = parseLanguageName(args, ctx.content.languages);
    if (!wanted) return [languagePrompt(ctx)];
    await preferences.setLanguage(ctx.event.conversation, wanted);
    return [
      composeNotice(ctx.content, wanted, uiBlocks(ctx.content, wanted, 'language_set')),
      engine.menu(wanted),
    ];
  });
}

/** "Which language?" with one button per registered language, labelled with its endonym. */
function languagePrompt(ctx: TurnContext): Reply {
  const reply = composeNotice(ctx.content, ctx.lang, uiBlocks(ctx.content, ctx.lang, 'language_prompt'));
  const buttons = ctx.content.languages.list.map((l) => ({
    kind: 'action' as const,
    label: l.endonym,
    action: encodeAction({ type: 'language', lang: l.code as typeof ctx.lang }),
  }));
  return { ...reply, buttons: rows(buttons, 2) };
}
