/**
 * Reminders and the personal checklist, as engine commands and buttons:
 * /erinnern /remind, /stopp /stop, /status, /zeitzone /timezone, and on every guide answer
 * "Remind me", "Done ✅" (checklist topics) and "Remind me later" (tomorrow / in a week).
 */
import { encodeAction, type Action } from '../message/actions.js';
import { isTimeZone } from '../content/schema.js';
import { hintTag, languageSpec } from '../content/languages.js';
import type { Content, Lang, UiKey } from '../content/types.js';
import { formatInstant } from '../engine/format.js';
import { menuButton, rows, topicButton, uiBlocks, uiInline } from '../engine/compose.js';
import { notice as engineNotice, type Engine, type TurnContext } from '../engine/engine.js';
import type { Block, Button, Reply } from '../message/model.js';
import { excerpt } from '../render/sanitize.js';
import { planForConversation } from '../scheduler/planner.js';
import { personalKey } from '../scheduler/keys.js';
import { DEFAULT_TIMEZONE, laterDueAt } from '../scheduler/timing.js';
import type { Delivery, Store } from '../ports/store.js';

export interface ReminderDeps {
  readonly store: Store;
  /** Tells the scheduler that something new may be due. */
  readonly nudge: () => void;
}

const notice = (
  ctx: TurnContext,
  key: UiKey,
  values: Record<string, string> = {},
  buttons?: Button[][],
): Reply => {
  const reply = engineNotice(ctx, key, values);
  return buttons ? { ...reply, buttons } : reply;
};

/** Keeps the platform's language hint with the row a feature just created or touched (see languageOf). */
async function rememberHint(store: Store, ctx: TurnContext): Promise<void> {
  const hint = hintTag(ctx.event.languageHint);
  if (hint) await store.setLanguageHint(ctx.event.conversation, hint);
}

const statusButton = (ctx: TurnContext): Button => ({
  kind: 'action',
  label: ctx.content.ui[ctx.lang].status_button,
  action: encodeAction({ type: 'status' }),
});

export function registerReminders(engine: Engine, deps: ReminderDeps): void {
  const { store } = deps;

  const subscribe = async (ctx: TurnContext): Promise<Reply[]> => {
    const conversation = ctx.event.conversation;
    const isNew = await store.subscribe(conversation);
    await store.markActive(conversation);
    // Reminders go out in the language of the hint last seen (languageOf): keep it with the subscription.
    await rememberHint(store, ctx);
    const settings = (await store.getSettings(conversation))!;
    if (isNew) {
      await planForConversation(store, ctx.content, settings, engine.now());
      deps.nudge();
    }
    const timezone = settings.timezone ?? DEFAULT_TIMEZONE;
    return [
      notice(ctx, isNew ? 'subscribed' : 'already_subscribed', { timezone }, [
        [menuButton(ctx.content, ctx.lang), statusButton(ctx)],
      ]),
    ];
  };

  const unsubscribe = async (ctx: TurnContext): Promise<Reply[]> => {
    const was = await store.unsubscribe(ctx.event.conversation);
    return [notice(ctx, was ? 'unsubscribed' : 'not_subscribed')];
  };

  const status = async (ctx: TurnContext): Promise<Reply[]> => [await composeStatus(store, ctx)];

  const timezone = async (ctx: TurnContext, args: string): Promise<Reply[]> => {
    const wanted = args.trim();
    const conversation = ctx.event.conversation;
    if (!wanted) {
      const settings = await store.getSettings(conversation);
      return [notice(ctx, 'timezone_show', { timezone: settings?.timezone ?? DEFAULT_TIMEZONE })];
    }
    if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+){0,2}$/.test(wanted) || !isTimeZone(wanted)) {
      return [notice(ctx, 'timezone_invalid', { input: excerpt(wanted, 40) })];
    }
    await store.setTimezone(conversation, wanted);
    await rememberHint(store, ctx);
    const settings = (await store.getSettings(conversation))!;
    if (settings.subscribed) {
      // Reminders are planned at 10:00 local time: plan them anew for the new zone.
      await store.cancelPending({ conversation, kind: 'deadline' });
      await planForConversation(store, ctx.content, settings, engine.now());
      deps.nudge();
    }
    return [notice(ctx, 'timezone_set', { timezone: wanted })];
  };

  const action = async (ctx: TurnContext, a: Action): Promise<Reply[]> => {
    switch (a.type) {
      case 'subscribe':
        return subscribe(ctx);
      case 'unsubscribe':
        return unsubscribe(ctx);
      case 'status':
        return status(ctx);
      case 'done':
        return toggleDone(store, ctx, a.item);
      case 'later':
        return later(store, ctx, a.topic, a.days, engine.now(), deps.nudge);
      default:
        return [notice(ctx, 'bad_action')];
    }
  };

  engine.registerCommand('remind', subscribe);
  engine.registerCommand('stop', unsubscribe);
  engine.registerCommand('status', status);
  engine.registerCommand('timezone', timezone);
  engine.registerAction(['subscribe', 'unsubscribe', 'status', 'done', 'later'], action);
  engine.decorateTopics((topicId, lang, reply) => decorate(engine.content, topicId, lang, reply));
}

/** Adds "Remind me", "Done ✅" and "Remind me later" to a guide answer, above its last row (the menu). */
function decorate(content: Content, topicId: string, lang: Lang, reply: Reply): Reply {
  const ui = content.ui[lang];
  const row: Button[] = [
    { kind: 'action', label: ui.remind_button, action: encodeAction({ type: 'subscribe' }) },
  ];
  if (content.topics.get(topicId)?.checklist) {
    row.push({
      kind: 'action',
      label: ui.done_button,
      action: encodeAction({ type: 'done', item: topicId }),
    });
    row.push({
      kind: 'action',
      label: ui.later_button,
      action: encodeAction({ type: 'later', topic: topicId }),
    });
  }
  const buttons = [...reply.buttons];
  buttons.splice(Math.max(0, buttons.length - 1), 0, ...rows(row, 2));
  return { ...reply, buttons };
}

/** Checklist items: a topic id, or "<topic>_<n>" (n = 2…9) for a further account on the same platform. */
const ITEM = /^([a-z0-9_]+?)(?:_([2-9]))?$/;

/** "Facebook" or "Facebook (Konto 2)" for a checklist item. */
function itemTitle(content: Content, lang: Lang, item: string): string {
  const [, id = item, n] = ITEM.exec(item) ?? [];
  const button = content.topics.get(id)?.text[lang].button.replace(/^[^\p{L}\p{N}]+/u, '') ?? item;
  return n ? `${button} (${content.ui[lang].account_label.replace('{n}', n)})` : button;
}

async function toggleDone(store: Store, ctx: TurnContext, item: string): Promise<Reply[]> {
  const [, id = '', n] = ITEM.exec(item) ?? [];
  const topic = ctx.content.topics.get(id);
  if (!topic?.checklist) return [notice(ctx, 'bad_action')];
  const settings = await store.getSettings(ctx.event.conversation);
  const list = settings?.checklist ?? [];
  const done = !list.includes(item);
  await store.setChecklistItem(ctx.event.conversation, item, done);
  const after = done ? [...list, item] : list.filter((i) => i !== item);
  const next = [2, 3, 4, 5, 6, 7, 8, 9].find((k) => !after.includes(`${id}_${k}`));
  const buttons: Button[] = [topicButton(ctx.content, ctx.lang, id)!, statusButton(ctx)];
  if (done && next !== undefined)
    buttons.unshift({
      kind: 'action',
      label: ctx.content.ui[ctx.lang].done_more_button,
      action: encodeAction({ type: 'done', item: `${id}_${next}` }),
    });
  const title = n ? itemTitle(ctx.content, ctx.lang, item) : topic.text[ctx.lang].title;
  return [notice(ctx, done ? 'done_marked' : 'done_unmarked', { title }, rows(buttons, 2))];
}

async function later(
  store: Store,
  ctx: TurnContext,
  topicId: string,
  days: 1 | 7 | undefined,
  now: Date,
  nudge: () => void,
): Promise<Reply[]> {
  const topic = ctx.content.topics.get(topicId);
  if (!topic?.checklist) return [notice(ctx, 'bad_action')];
  const title = topic.text[ctx.lang].title;
  const ui = ctx.content.ui[ctx.lang];
  if (!days) {
    return [
      notice(ctx, 'later_prompt', { title }, [
        [
          {
            kind: 'action',
            label: ui.later_tomorrow,
            action: encodeAction({ type: 'later', topic: topicId, days: 1 }),
          },
          {
            kind: 'action',
            label: ui.later_week,
            action: encodeAction({ type: 'later', topic: topicId, days: 7 }),
          },
        ],
      ]),
    ];
  }
  const conversation = ctx.event.conversation;
  const settings = await store.getSettings(conversation);
  const timezone = settings?.timezone ?? DEFAULT_TIMEZONE;
  const dueAt = laterDueAt(now, days, timezone);
  if (!settings) await store.setTimezone(conversation, timezone); // a personal reminder needs a row to be sent
  await store.markActive(conversation);
  await rememberHint(store, ctx);
  await store.enqueue([
    {
      key: personalKey(topicId, dueAt, conversation),
      conversation,
      kind: 'personal',
      ref: topicId,
      dueAt,
    },
  ]);
  nudge();
  return [
    notice(ctx, 'later_set', { title, when: formatInstant(dueAt, timezone, ctx.lang) }, [
      [menuButton(ctx.content, ctx.lang)],
    ]),
  ];
}

async function composeStatus(store: Store, ctx: TurnContext): Promise<Reply> {
  const { content, lang } = ctx;
  const conversation = ctx.event.conversation;
  const settings = await store.getSettings(conversation);
  const timezone = settings?.timezone ?? DEFAULT_TIMEZONE;
  const planned = (await store.listDeliveries(conversation, 1000))
    .filter((d) => d.status === 'pending' || d.status === 'claimed')
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const blocks: Block[] = [
    {
      kind: 'heading',
      content: uiInline(content, lang, 'status_heading'),
    },
    ...uiBlocks(content, lang, settings?.subscribed ? 'status_subscribed' : 'status_not_subscribed', {
      timezone,
    }),
    ...uiBlocks(content, lang, 'status_language', {
      language: languageSpec(lang, content.languages)?.endonym ?? lang,
    }),
    ...uiBlocks(content, lang, 'status_pending', { count: String(planned.length) }),
  ];
  if (planned.length) blocks.push(plannedList(content, lang, timezone, planned));
  const done = settings?.checklist ?? [];
  if (done.length) {
    blocks.push(...uiBlocks(content, lang, 'status_checklist'));
    blocks.push({
      kind: 'list',
      ordered: false,
      items: done.map((item) => [{ kind: 'text', text: `✅ ${itemTitle(content, lang, item)}` }]),
    });
  } else {
    blocks.push(...uiBlocks(content, lang, 'status_checklist_empty'));
  }
  const open = [...content.topics.values()]
    .filter((t) => t.checklist && !done.includes(t.id))
    .map((t) => topicButton(content, lang, t.id)!);
  return {
    blocks,
    buttons: [
      ...rows(open, 2),
      [
        settings?.subscribed
          ? {
              kind: 'action',
              label: content.ui[lang].unsubscribe_button,
              action: encodeAction({ type: 'unsubscribe' }),
            }
          : {
              kind: 'action',
              label: content.ui[lang].remind_button,
              action: encodeAction({ type: 'subscribe' }),
            },
        menuButton(content, lang),
      ],
    ],
  };
}

/** How many planned reminders /status lists before "and N more". */
const STATUS_LISTED = 5;

/** The next planned reminders: when (in the person's time zone) and what, then "… and N more". */
function plannedList(content: Content, lang: Lang, timezone: string, planned: readonly Delivery[]): Block {
  const what = (d: Delivery): string => {
    switch (d.kind) {
      case 'deadline':
      case 'announce':
        return content.deadlines.find((x) => x.id === d.ref)?.title[lang] ?? d.ref;
      case 'personal':
        return content.topics.get(d.ref)?.text[lang].title ?? d.ref;
      case 'broadcast':
        return content.ui[lang].status_broadcast;
    }
  };
  const items = planned.slice(0, STATUS_LISTED).map((d) =>
    uiInline(content, lang, 'status_reminder', {
      when: formatInstant(d.dueAt, timezone, lang, content.languages),
      what: what(d),
    }),
  );
  if (planned.length > STATUS_LISTED)
    items.push(uiInline(content, lang, 'status_more', { count: String(planned.length - STATUS_LISTED) }));
  return { kind: 'list', ordered: false, items };
}
