/**
 * The conversation engine: a neutral event in, neutral replies out. It never throws for user input;
 * anything it cannot place gets a short notice with the menu.
 */
import { actionKey, decodeAction, type Action } from '../message/actions.js';
import { DEFAULT_LANG, LANGS, type Content, type Lang, type Topic, type UiKey } from '../content/types.js';
import type { Reply } from '../message/model.js';
import { systemClock, type Clock, type PreferenceStore } from '../ports/capabilities.js';
import { excerpt } from '../render/sanitize.js';
import { composeNotice, composeSources, composeTopic, rows, uiBlocks } from './compose.js';
import { composeDeadline } from './deadline-answer.js';
import { normalize } from './normalize.js';
import { Router } from './router.js';

export interface IncomingEvent {
  /** Opaque conversation id, e.g. "telegram:123" or "matrix:!room:server". Never parsed here. */
  readonly conversation: string;
  readonly user?: string;
  /** The platform's language hint (e.g. Telegram's language_code), if any. */
  readonly languageHint?: string | undefined;
  readonly text?: string | undefined;
  /** Encoded button action (callback data). */
  readonly action?: string | undefined;
  /** Deep-link payload, e.g. "instagram" or "instagram_en". */
  readonly startPayload?: string | undefined;
}

export interface EngineDeps {
  readonly content: Content;
  readonly preferences: PreferenceStore;
  readonly clock?: Clock;
  /** Told about every turn (metrics). Never sees the text. */
  readonly observer?: TurnObserver | undefined;
  /** WEB_BASE_URL: topic answers link to their web page. */
  readonly webBaseUrl?: string | undefined;
}

export interface TurnObserver {
  (event: Pick<IncomingEvent, 'conversation'>, seconds: number, replies: number, failed: boolean): void;
}

/** A command the engine does not know itself, answered by a feature module (reminders, privacy, admin). */
export interface CommandHandler {
  (ctx: TurnContext, args: string): Promise<Reply[]>;
}

/** A button action answered by a feature module. */
export interface ActionHandler {
  (ctx: TurnContext, action: Action): Promise<Reply[]>;
}

/** Adds buttons to guide answers (e.g. "Remind me", "Done"); called once per topic and language. */
export interface TopicDecorator {
  (topicId: string, lang: Lang, reply: Reply): Reply;
}

export interface TurnContext {
  readonly event: IncomingEvent;
  readonly lang: Lang;
  readonly content: Content;
  readonly engine: Engine;
}

const ENGINE_COMMANDS: Record<
  string,
  (e: Engine, ctx: TurnContext, args: string) => Promise<Reply[]> | Reply[]
> = {
  frist: (e, ctx) => [e.deadlineReply(ctx.lang)],
  deadline: (e, ctx) => [e.deadlineReply(ctx.lang)],
  quellen: (e, ctx, args) => e.sources(ctx, args),
  sources: (e, ctx, args) => e.sources(ctx, args),
  sprache: (e, ctx, args) => e.language(ctx, args),
  language: (e, ctx, args) => e.language(ctx, args),
  lang: (e, ctx, args) => e.language(ctx, args),
  datenschutz: (_e, ctx) => [privacyNotice(ctx)],
  privacy: (_e, ctx) => [privacyNotice(ctx)],
};

/** The plain privacy notice; the privacy feature replaces it with one that names the operator. */
function privacyNotice(ctx: TurnContext): Reply {
  const unknown = ctx.content.ui[ctx.lang].operator_unknown;
  return composeNotice(
    ctx.content,
    ctx.lang,
    uiBlocks(ctx.content, ctx.lang, 'privacy', { operator: unknown, contact: unknown, retention: '30' }),
  );
}

export class Engine {
  private state: { content: Content; router: Router; cache: Map<string, Reply> };
  private readonly preferences: PreferenceStore;
  private readonly clock: Clock;
  private readonly observer: TurnObserver | undefined;
  private readonly extra = new Map<string, CommandHandler>();
  private readonly actionHandlers = new Map<string, ActionHandler>();
  private readonly decorators: TopicDecorator[] = [];
  /** WEB_BASE_URL, when the web guide is published (answers and shares link to it). */
  readonly webBaseUrl: string | undefined;

  constructor(deps: EngineDeps) {
    this.webBaseUrl = deps.webBaseUrl;
    this.preferences = deps.preferences;
    this.clock = deps.clock ?? systemClock;
    this.observer = deps.observer;
    this.state = Engine.prepare(deps.content);
  }

  private static prepare(content: Content) {
    return { content, router: new Router(content), cache: new Map<string, Reply>() };
  }

  get content(): Content {
    return this.state.content;
  }

  now(): Date {
    return this.clock.now();
  }

  /** Swaps in new (already validated) content; in-flight turns finish with the old one. */
  reload(content: Content): void {
    this.state = Engine.prepare(content);
  }

  /** Lets a feature module answer more commands (e.g. /erinnern), or take over a built-in one (/datenschutz). */
  registerCommand(names: readonly string[], handler: CommandHandler): void {
    for (const name of names) this.extra.set(name, handler);
  }

  /** Lets a feature module answer button actions the engine does not handle itself (keys: see actionKey). */
  registerAction(keys: readonly string[], handler: ActionHandler): void {
    for (const key of keys) this.actionHandlers.set(key, handler);
  }

  /** Lets a feature module add buttons to every guide answer. */
  decorateTopics(decorator: TopicDecorator): void {
    this.decorators.push(decorator);
    this.state.cache.clear();
  }

  async resolveLanguage(event: IncomingEvent): Promise<Lang> {
    return (await this.preferences.getLanguage(event.conversation)) ?? languageFromHint(event.languageHint);
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
      content: this.state.content,
      engine: this,
    };
    if (event.action !== undefined) return this.action(ctx, decodeAction(event.action));
    if (event.startPayload !== undefined) return this.start(ctx, event.startPayload);
    const text = (event.text ?? '').trim();
    if (!text) return [this.notice(ctx, 'empty_text')];
    const command = parseCommand(text);
    if (command) return this.command(ctx, command.name, command.args);
    // A single word that is a command ("instagram", "frist") counts as one, as Matrix users type it.
    const single = normalize(text);
    if (/^[a-z0-9_]+$/.test(single) && this.knowsCommand(single)) return this.command(ctx, single, '');
    const route = this.state.router.route(text);
    if (route) return [this.topicReply(route.topic, ctx.lang)];
    return [this.notice(ctx, 'unknown_text', { input: excerpt(text) })];
  }

  /** The composed answer for a topic (cached per content load). */
  topicReply(topicId: string, lang: Lang): Reply {
    const key = `${lang}:${topicId}`;
    let reply = this.state.cache.get(key);
    if (!reply) {
      const topic = this.state.content.topics.get(topicId);
      reply = topic ? composeTopic(this.state.content, topic, lang, this.webBaseUrl) : this.menu(lang);
      if (topic && topic.id !== 'start')
        for (const decorate of this.decorators) reply = decorate(topic.id, lang, reply);
      this.state.cache.set(key, reply);
    }
    return reply;
  }

  /** The /frist answer. Cached until the next deadline passes (the cache key is the next deadline's index). */
  deadlineReply(lang: Lang): Reply {
    const now = this.now();
    const { content, cache } = this.state;
    const next = content.deadlines.findIndex((d) => d.at.getTime() > now.getTime());
    const key = `${lang}:deadline:${next}`;
    let reply = cache.get(key);
    if (!reply) cache.set(key, (reply = composeDeadline(content, lang, now)));
    return reply;
  }

  menu(lang: Lang): Reply {
    return this.topicReply('start', lang);
  }

  /** Topics matching a search (for inline mode): the routed one first, then the menu's. */
  findTopics(query: string): Topic[] {
    const { content, router } = this.state;
    const routed = query.trim() ? router.route(query)?.topic : undefined;
    const ids = routed
      ? [routed]
      : content.topics.get('start')!.text[DEFAULT_LANG].related.filter((id) => id !== 'sources');
    return ids.map((id) => content.topics.get(id)).filter((t): t is Topic => Boolean(t));
  }

  /** Resolves "/start" payloads and command arguments to a topic id: id, command word or keyword. */
  resolveTopic(word: string): string | undefined {
    const { content } = this.state;
    const w = normalize(word).replace(/ /g, '_');
    if (content.topics.has(w)) return w;
    return content.commands.get(w) ?? this.state.router.route(word)?.topic;
  }

  /** Whether `name` (without "/") is a command this bot answers: built-in, content, or a feature's. */
  knowsCommand(name: string): boolean {
    return (
      name in ENGINE_COMMANDS ||
      this.state.content.commands.has(name) ||
      this.extra.has(name) ||
      name === 'start'
    );
  }

  private async command(ctx: TurnContext, name: string, args: string): Promise<Reply[]> {
    if (name === 'start') return this.start(ctx, args);
    const extra = this.extra.get(name);
    if (extra) return extra(ctx, args);
    const own = ENGINE_COMMANDS[name];
    if (own) return own(this, ctx, args);
    const topic = ctx.content.commands.get(name);
    if (topic) return [this.topicReply(topic, ctx.lang)];
    return [this.notice(ctx, 'unknown_command', { command: excerpt(name, 32) })];
  }

  private start(ctx: TurnContext, payload: string): Reply[] {
    const m = /^([A-Za-z0-9_-]{1,64})$/.exec(payload.trim());
    if (!m) return [this.menu(ctx.lang)];
    let word = m[1]!.toLowerCase();
    let lang = ctx.lang;
    const suffix = /^(.+?)[_-](de|en)$/.exec(word);
    if (suffix) {
      word = suffix[1]!;
      lang = suffix[2] as Lang;
    } else if ((LANGS as readonly string[]).includes(word)) {
      return [this.menu(word as Lang)];
    }
    const topic = this.resolveTopic(word);
    return [topic ? this.topicReply(topic, lang) : this.menu(lang)];
  }

  private action(ctx: TurnContext, action: Action | undefined): Promise<Reply[]> | Reply[] {
    if (!action) return [this.notice(ctx, 'bad_action')];
    switch (action.type) {
      case 'menu':
        return [this.menu(ctx.lang)];
      case 'deadline':
        return [this.deadlineReply(ctx.lang)];
      case 'language':
        return this.language(ctx, action.lang);
      case 'topic':
      case 'sources': {
        const topic = ctx.content.topics.get(action.topic);
        if (!topic) return [this.notice(ctx, 'bad_action')];
        return [
          action.type === 'topic'
            ? this.topicReply(topic.id, ctx.lang)
            : composeSources(ctx.content, topic, ctx.lang),
        ];
      }
      default: {
        const handler = this.actionHandlers.get(actionKey(action));
        return handler ? handler(ctx, action) : [this.notice(ctx, 'bad_action')];
      }
    }
  }

  /** @internal used by the command table */
  sources(ctx: TurnContext, args: string): Reply[] {
    const id = args.trim() ? this.resolveTopic(args) : undefined;
    const topic = id ? ctx.content.topics.get(id) : undefined;
    return [topic ? composeSources(ctx.content, topic, ctx.lang) : this.topicReply('sources', ctx.lang)];
  }

  /** @internal used by the command table */
  async language(ctx: TurnContext, args: string): Promise<Reply[]> {
    const wanted = parseLanguage(args);
    if (!wanted) {
      const reply = composeNotice(ctx.content, ctx.lang, uiBlocks(ctx.content, ctx.lang, 'language_prompt'));
      return [
        {
          ...reply,
          buttons: rows(
            [
              { kind: 'action', label: 'Deutsch', action: 'l:de' },
              { kind: 'action', label: 'English', action: 'l:en' },
            ],
            2,
          ),
        },
      ];
    }
    await this.preferences.setLanguage(ctx.event.conversation, wanted);
    return [
      composeNotice(ctx.content, wanted, uiBlocks(ctx.content, wanted, 'language_set')),
      this.menu(wanted),
    ];
  }

  private notice(ctx: TurnContext, key: UiKey, values: Record<string, string> = {}): Reply {
    return notice(ctx, key, values);
  }
}

/** A short interface text (content/ui.*.yaml) in the turn's language, with the menu's buttons. */
export function notice(ctx: TurnContext, key: UiKey, values: Record<string, string> = {}): Reply {
  return composeNotice(ctx.content, ctx.lang, uiBlocks(ctx.content, ctx.lang, key, values));
}

export function languageFromHint(hint: string | undefined): Lang {
  if (!hint) return DEFAULT_LANG;
  const primary = hint.toLowerCase().split(/[-_]/)[0];
  return primary === 'de' ? 'de' : primary && /^[a-z]{2,3}$/.test(primary) ? 'en' : DEFAULT_LANG;
}

function parseLanguage(args: string): Lang | undefined {
  const w = normalize(args);
  if (['de', 'deutsch', 'german', 'ger'].includes(w)) return 'de';
  if (['en', 'english', 'englisch', 'eng'].includes(w)) return 'en';
  return undefined;
}

/** "/cmd args", "!cmd args", "/cmd@bot args" → { name, args }. */
export function parseCommand(text: string): { name: string; args: string } | undefined {
  const m = /^[/!]([\p{L}\p{N}_]{1,64})(?:@[A-Za-z0-9_]{1,64})?(?:\s+([\s\S]*))?$/u.exec(text);
  if (!m) return undefined;
  return { name: normalize(m[1]!).replace(/ /g, '_'), args: (m[2] ?? '').trim() };
}
