/**
 * The conversation engine: a neutral event in, neutral replies out. It never throws for user input;
 * anything it cannot place gets a short notice with the menu.
 *
 * One turn: resolve the language, then a button action (dispatch.ts), a start payload (start.ts), a command
 * (commands.ts: the registry of src/content/commands.ts with its handlers, builtins.ts and the feature
 * modules), or free text routed to a topic (router.ts). Answers that depend only on content are cached
 * per content load (answers.ts).
 */
import { hintTag, languageOf } from '../content/languages.js';
import type { CommandId } from '../content/commands.js';
import { DEFAULT_LANG, type Content, type Lang, type Topic } from '../content/types.js';
import { decodeAction } from '../message/actions.js';
import { parseCommand } from '../message/command-syntax.js';
import type { Reply } from '../message/model.js';
import { systemClock, type Clock, type PreferenceStore } from '../ports/capabilities.js';
import type { EnginePort } from '../ports/engine.js';
import { excerpt } from '../render/sanitize.js';
import { Answers } from './answers.js';
import { registerBuiltins } from './builtins.js';
import { CommandRegistry } from './commands.js';
import { dispatchAction, isCurrentAction } from './dispatch.js';
import { normalize } from '../util/normalize.js';
import { Router } from './router.js';
import { startReply } from './start.js';
import {
  notice,
  type ActionHandler,
  type CommandHandler,
  type GuideServices,
  type IncomingEvent,
  type TopicDecorator,
  type TurnContext,
  type TurnObserver,
} from './turn.js';

export { notice };
export type { ActionHandler, CommandHandler, IncomingEvent, TopicDecorator, TurnContext, TurnObserver };

export interface EngineDeps {
  readonly content: Content;
  readonly preferences: PreferenceStore;
  readonly clock?: Clock;
  /** Told about every turn (metrics). Never sees the text. */
  readonly observer?: TurnObserver | undefined;
  /** WEB_BASE_URL: topic answers link to their web page. */
  readonly webBaseUrl?: string | undefined;
}

export class Engine implements EnginePort, GuideServices {
  private state: { router: Router; answers: Answers };
  private readonly preferences: PreferenceStore;
  private readonly clock: Clock;
  private readonly observer: TurnObserver | undefined;
  private readonly commands = new CommandRegistry();
  private readonly actionHandlers = new Map<string, ActionHandler>();
  private readonly decorators: TopicDecorator[] = [];
  /** WEB_BASE_URL, when the web guide is published (answers and shares link to it). */
  readonly webBaseUrl: string | undefined;

  constructor(deps: EngineDeps) {
    this.webBaseUrl = deps.webBaseUrl;
    this.preferences = deps.preferences;
    this.clock = deps.clock ?? systemClock;
    this.observer = deps.observer;
    this.state = this.prepare(deps.content);
    registerBuiltins(this.commands, this, this.preferences);
  }

  private prepare(content: Content) {
    return { router: new Router(content), answers: new Answers(content, this.decorators, this.webBaseUrl) };
  }

  get content(): Content {
    return this.state.answers.content;
  }

  now(): Date {
    return this.clock.now();
  }

  /** Swaps in new (already validated) content; in-flight turns finish with the old one. */
  reload(content: Content): void {
    this.state = this.prepare(content);
  }

  /**
   * Binds the handler of registered commands (ids and words: src/content/commands.ts). Each command has one
   * handler; a second one for the same id throws.
   */
  registerCommand(ids: CommandId | readonly CommandId[], handler: CommandHandler): void {
    this.commands.bind(ids, handler);
  }

  /** Registered commands nobody answers yet (the app checks this is empty once the features are in). */
  unhandledCommands(): CommandId[] {
    return this.commands.unhandled();
  }

  /** Lets a feature module answer button actions the engine does not handle itself (keys: see actionKey). */
  registerAction(keys: readonly string[], handler: ActionHandler): void {
    for (const key of keys) this.actionHandlers.set(key, handler);
  }

  /** Lets a feature module add buttons to every guide answer. */
  decorateTopics(decorator: TopicDecorator): void {
    this.decorators.push(decorator);
    this.state.answers.clear();
  }

  /**
   * The turn's language by the one rule (languageOf, also used by the scheduler): the explicit choice, else
   * this event's hint, else the hint last stored for the conversation, else the default. A new hint is
   * stored only where the conversation has a row already and no explicit choice (least data).
   */
  async resolveLanguage(event: IncomingEvent): Promise<Lang> {
    const stored = await this.preferences.getLanguagePreference(event.conversation);
    const hint = hintTag(event.languageHint);
    if (stored && !stored.lang && hint && stored.hint !== hint)
      await this.preferences.setLanguageHint(event.conversation, hint);
    return languageOf(stored?.lang, hint ?? stored?.hint, this.content.languages);
  }

  async handle(event: IncomingEvent): Promise<Reply[]> {
    if (!this.observer) return this.turn(event);
    const started = performance.now();
    try {
      const replies = await this.turn(event);
      this.observer(event, (performance.now() - started) / 1000, replies.length, false);
      return replies;
    } catch (err) {
      this.observer(event, (performance.now() - started) / 1000, 0, true);
      throw err;
    }
  }

  private async turn(event: IncomingEvent): Promise<Reply[]> {
    const ctx: TurnContext = {
      event,
      lang: await this.resolveLanguage(event),
      content: this.content,
    };
    if (event.action !== undefined)
      return dispatchAction(this, ctx, decodeAction(event.action), this.commands, this.actionHandlers);
    if (event.startPayload !== undefined) return startReply(this, ctx, event.startPayload);
    const text = (event.text ?? '').trim();
    if (!text) return [notice(ctx, 'empty_text')];
    const command = parseCommand(text);
    if (command) return this.command(ctx, command.name, command.args);
    // A single word that is a command ("instagram", "frist") counts as one, as Matrix users type it.
    const single = normalize(text);
    if (/^[a-z0-9_]+$/.test(single) && this.knowsCommand(single)) return this.command(ctx, single, '');
    const route = this.state.router.route(text);
    if (route) return [this.topicReply(route.topic, ctx.lang)];
    return [notice(ctx, 'unknown_text', { input: excerpt(text) })];
  }

  /**
   * For a button press: undefined when the guide can carry out its action, else the short "this button is
   * stale" notice in the conversation's language (the default one if the language cannot be looked up).
   */
  async staleButtonNotice(event: IncomingEvent): Promise<string | undefined> {
    if (isCurrentAction(this.content, event.action)) return undefined;
    const lang = await this.resolveLanguage(event).catch(() => DEFAULT_LANG);
    return this.content.ui[lang].button_stale;
  }

  /** The composed answer for a topic (cached per content load). */
  topicReply(topicId: string, lang: Lang): Reply {
    return this.state.answers.topic(topicId, lang);
  }

  /** The /frist answer. */
  deadlineReply(lang: Lang): Reply {
    return this.state.answers.deadline(lang, this.now());
  }

  menu(lang: Lang): Reply {
    return this.state.answers.menu(lang);
  }

  /** Topics matching a search (for inline mode): the routed one first, then the menu's. */
  findTopics(query: string): Topic[] {
    const { router } = this.state;
    const content = this.content;
    const routed = query.trim() ? router.route(query)?.topic : undefined;
    const ids = routed
      ? [routed]
      : content.topics.get('start')!.text[content.languages.default].related.filter((id) => id !== 'sources');
    return ids.map((id) => content.topics.get(id)).filter((t): t is Topic => Boolean(t));
  }

  /** Resolves "/start" payloads and command arguments to a topic id: id, command word or keyword. */
  resolveTopic(word: string): string | undefined {
    const content = this.content;
    const w = normalize(word).replace(/ /g, '_');
    if (content.topics.has(w)) return w;
    return content.commands.get(w) ?? this.state.router.route(word)?.topic;
  }

  /** Whether `name` (without "/") is a command this bot answers: a registered one, a topic's, or "start". */
  knowsCommand(name: string): boolean {
    return Boolean(this.commands.handlerFor(name)) || this.content.commands.has(name) || name === 'start';
  }

  private async command(ctx: TurnContext, name: string, args: string): Promise<Reply[]> {
    if (name === 'start') return startReply(this, ctx, args);
    const handler = this.commands.handlerFor(name);
    if (handler) return handler(ctx, args);
    const topic = ctx.content.commands.get(name);
    if (topic) return [this.topicReply(topic, ctx.lang)];
    return [notice(ctx, 'unknown_command', { command: excerpt(name, 32) })];
  }
}
