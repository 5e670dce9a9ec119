/**
 * The commands the engine answers itself: /frist, /quellen, /sprache (and its shortcuts such as /einfach)
 * and /befehle. Feature modules bind the others (reminders, privacy, admin); together they cover
 * src/content/commands.ts.
 */
import { COMMANDS, type CommandId, type CommandSpec } from '../content/commands.js';
import { isLang, parseLanguageName, type Lang } from '../content/languages.js';
import { encodeAction } from '../message/actions.js';
import type { Reply } from '../message/model.js';
import type { PreferenceStore } from '../ports/capabilities.js';
import { composeCommandList, type CommandRegistry } from './commands.js';
import { composeNotice, composeSources, rows, uiBlocks } from './compose.js';
import type { GuideServices, TurnContext } from './turn.js';

export function registerBuiltins(
  commands: CommandRegistry,
  guide: GuideServices,
  preferences: PreferenceStore,
): void {
  const switchTo = async (ctx: TurnContext, lang: Lang): Promise<Reply[]> => {
    await preferences.setLanguage(ctx.event.conversation, lang);
    return [composeNotice(ctx.content, lang, uiBlocks(ctx.content, lang, 'language_set')), guide.menu(lang)];
  };

  commands.bind('deadline', (ctx) => [guide.deadlineReply(ctx.lang)]);

  commands.bind('sources', (ctx, args) => {
    const id = args.trim() ? guide.resolveTopic(args) : undefined;
    const topic = id ? ctx.content.topics.get(id) : undefined;
    return [topic ? composeSources(ctx.content, topic, ctx.lang) : guide.topicReply('sources', ctx.lang)];
  });

  commands.bind('commands', (ctx) => [composeCommandList(ctx.content, ctx.lang, ctx.event.commandPrefix)]);

  commands.bind('language', async (ctx, args) => {
    const wanted = parseLanguageName(args, ctx.content.languages);
    return wanted ? switchTo(ctx, wanted) : [languagePrompt(ctx)];
  });

  // Shortcuts to one language (/einfach → plain German): the same as /sprache with that language.
  for (const spec of COMMANDS as readonly CommandSpec[]) {
    const target = spec.language;
    if (!target) continue;
    commands.bind(spec.id as CommandId, async (ctx) => {
      return isLang(target, ctx.content.languages) ? switchTo(ctx, target) : [languagePrompt(ctx)];
    });
  }
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
