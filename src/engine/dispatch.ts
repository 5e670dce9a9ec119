/**
 * Button actions: the guide's own (menu, topic, sources, deadline, language) are answered here; the rest go
 * to the handler a feature module registered for the action's key. Forged or stale data gets a notice.
 */
import { isLang } from '../content/languages.js';
import type { Content } from '../content/types.js';
import { actionKey, decodeAction, type Action } from '../message/actions.js';
import type { Reply } from '../message/model.js';
import type { CommandRegistry } from './commands.js';
import { composeSources } from './compose.js';
import { notice, type ActionHandler, type GuideServices, type TurnContext } from './turn.js';

export function dispatchAction(
  guide: GuideServices,
  ctx: TurnContext,
  action: Action | undefined,
  commands: CommandRegistry,
  handlers: ReadonlyMap<string, ActionHandler>,
): Promise<Reply[]> | Reply[] {
  const bad = (): Reply[] => [notice(ctx, 'bad_action')];
  if (!action) return bad();
  switch (action.type) {
    case 'menu':
      return [guide.menu(ctx.lang)];
    case 'deadline':
      return [guide.deadlineReply(ctx.lang)];
    case 'language': {
      const choose = commands.handler('language');
      return choose && isLang(action.lang, ctx.content.languages) ? choose(ctx, action.lang) : bad();
    }
    case 'topic':
    case 'sources': {
      const topic = ctx.content.topics.get(action.topic);
      if (!topic) return bad();
      return [
        action.type === 'topic'
          ? guide.topicReply(topic.id, ctx.lang)
          : composeSources(ctx.content, topic, ctx.lang),
      ];
    }
    default: {
      const handler = handlers.get(actionKey(action));
      return handler ? handler(ctx, action) : bad();
    }
  }
}

/**
 * Whether a button's data is an action the current content can carry out; one that is forged or stale (it
 * does not decode, or names a topic that no longer exists) gets the "button is stale" notice as well as the
 * answer above (Telegram shows it as a toast on the button).
 */
export function isCurrentAction(content: Content, data: string | undefined): boolean {
  const action = data === undefined ? undefined : decodeAction(data);
  if (!action) return false;
  return action.type === 'topic' || action.type === 'sources' ? content.topics.has(action.topic) : true;
}
