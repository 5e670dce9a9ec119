/**
 * Admin commands for the operator (ADMIN_IDS): /stats (counts only), /broadcast (preview, then confirm;
 * sent through the same rate-limited outbox as reminders) and /reload (content, validated first).
 * Everyone else gets the normal menu for these commands. Once a week the admins are told which topics
 * have not been reviewed for more than CONTENT_STALE_DAYS days (StaleContentNotice).
 */
import { randomBytes } from 'node:crypto';
import { TZDate } from '@date-fns/tz';
import { formatDuration, getISOWeek, getISOWeekYear } from 'date-fns';
import { languageSpec, REGISTRY } from '../content/languages.js';
import { staleTopics } from '../content/staleness.js';
import { DEFAULT_LANG, type Content } from '../content/types.js';
import { fill, formatDay } from '../engine/format.js';
import type { Clock, Logger } from '../ports/capabilities.js';
import { encodeAction } from '../message/actions.js';
import { menuButton, uiBlocks } from '../engine/compose.js';
import { notice, type Engine, type TurnContext } from '../engine/engine.js';
import { MarkupError, parseBlocks } from '../content/markdown.js';
import type { Block, Reply } from '../message/model.js';
import { visibleLength } from '../render/measure.js';
import { fanOut } from '../scheduler/planner.js';
import type { Store } from '../ports/store.js';
import { broadcastKey } from '../scheduler/keys.js';
import type { WaveEstimate } from '../scheduler/paid-budget.js';

export interface AdminDeps {
  readonly store: Store;
  /** Platform-qualified user ids, e.g. "telegram:12345", "matrix:@ops:example.org". */
  readonly admins: readonly string[];
  /** Loads and checks the content again; on success the new content is live. */
  readonly reload: () => Promise<
    { ok: true; topics: number; deadlines: number } | { ok: false; error: string }
  >;
  readonly nudge: () => void;
  /** With paid sending (TELEGRAM_PAID_BROADCAST): what a wave to this many Telegram chats takes and costs. */
  readonly estimateWave?: ((recipients: number) => Promise<WaveEstimate | undefined>) | undefined;
  /** Logs a wave about to go out (its size, time and cost). */
  readonly onWave?: ((recipients: number, what: string) => void) | undefined;
}

const MAX_BROADCAST_CHARS = 3000;
/**
 * Previews are kept in the store for a short while, so the confirm button works whichever process gets the
 * click; confirming takes the preview in one step, so two clicks (or two processes) queue it once.
 */
const PREVIEW_TTL_MS = 30 * 60_000;
const previewKey = (token: string): string => `broadcast-preview:${token}`;

interface Preview {
  readonly text: string;
  readonly conversation: string;
}

export function registerAdmin(engine: Engine, deps: AdminDeps): void {
  const { store } = deps;
  const isAdmin = (ctx: TurnContext): boolean =>
    Boolean(ctx.event.user && deps.admins.includes(ctx.event.user));
  const adminOnly =
    (handler: (ctx: TurnContext, args: string) => Promise<Reply[]>) =>
    async (ctx: TurnContext, args: string): Promise<Reply[]> =>
      isAdmin(ctx) ? handler(ctx, args) : [engine.menu(ctx.lang)];

  engine.registerCommand(
    ['stats'],
    adminOnly(async (ctx) => {
      const stats = await store.stats();
      const items = [
        ...stats.subscribers.map((s) => `${s.platform} / ${s.lang}: ${s.count}`),
        ...Object.entries(stats.deliveries).map(([status, count]) => `deliveries ${status}: ${count}`),
      ];
      const blocks: Block[] = [
        ...uiBlocks(ctx.content, ctx.lang, 'stats_heading'),
        { kind: 'list', ordered: false, items: items.map((t) => [{ kind: 'text', text: t }]) },
      ];
      return [{ blocks, buttons: [[menuButton(ctx.content, ctx.lang)]] }];
    }),
  );

  engine.registerCommand(
    ['broadcast'],
    adminOnly(async (ctx, args) => {
      const text = args.trim();
      if (!text) return [notice(ctx, 'broadcast_usage')];
      let body: Block[];
      try {
        body = parseBlocks(text);
      } catch (err) {
        return [
          notice(ctx, 'broadcast_invalid', { error: err instanceof MarkupError ? err.message : String(err) }),
        ];
      }
      if (visibleLength(body) > MAX_BROADCAST_CHARS)
        return [notice(ctx, 'broadcast_invalid', { error: `longer than ${MAX_BROADCAST_CHARS} characters` })];
      const token = randomBytes(9).toString('base64url');
      const preview: Preview = { text, conversation: ctx.event.conversation };
      await store.putEphemeral(
        previewKey(token),
        JSON.stringify(preview),
        new Date(engine.now().getTime() + PREVIEW_TTL_MS),
        ctx.event.conversation,
      );
      const { subscribers } = await store.stats();
      const count = subscribers.reduce((n, s) => n + s.count, 0);
      const telegram = subscribers.filter((s) => s.platform === 'telegram').reduce((n, s) => n + s.count, 0);
      const ui = ctx.content.ui[ctx.lang];
      return [
        {
          blocks: [
            ...uiBlocks(ctx.content, ctx.lang, 'broadcast_preview', { count: String(count) }),
            ...waveBlocks(ctx, await deps.estimateWave?.(telegram)),
            { kind: 'heading', content: [{ kind: 'text', text: ui.broadcast_heading }] },
            ...body,
          ],
          buttons: [
            [
              {
                kind: 'action',
                label: ui.broadcast_confirm_button,
                action: encodeAction({ type: 'confirm', what: 'broadcast', token }),
              },
              { kind: 'action', label: ui.cancel_button, action: encodeAction({ type: 'cancel' }) },
            ],
          ],
        },
      ];
    }),
  );

  engine.registerAction(['confirm:broadcast'], async (ctx, action) => {
    if (!isAdmin(ctx) || action.type !== 'confirm') return [engine.menu(ctx.lang)];
    const key = previewKey(action.token);
    const stored = await store.getEphemeral(key, engine.now());
    const preview = stored === undefined ? undefined : (JSON.parse(stored) as Preview);
    // Only the admin chat that asked may confirm; it takes the preview, so it is queued once.
    if (
      !preview ||
      preview.conversation !== ctx.event.conversation ||
      (await store.takeEphemeral(key, engine.now())) === undefined
    ) {
      return [notice(ctx, 'broadcast_expired')];
    }
    const dueAt = engine.now();
    const id = `${dueAt.getTime().toString(36)}-${action.token}`;
    let telegram = 0;
    const count = await fanOut(store, (s) => {
      if (s.conversation.startsWith('telegram:')) telegram++;
      return [
        {
          key: broadcastKey(id, s.conversation),
          conversation: s.conversation,
          kind: 'broadcast',
          ref: id,
          dueAt,
          payload: preview.text,
        },
      ];
    });
    deps.onWave?.(telegram, `broadcast ${id}`);
    deps.nudge();
    return [notice(ctx, 'broadcast_queued', { count: String(count) })];
  });

  engine.registerCommand(
    ['reload'],
    adminOnly(async (ctx) => {
      const result = await deps.reload();
      return [
        result.ok
          ? notice(ctx, 'reload_ok', { topics: String(result.topics), deadlines: String(result.deadlines) })
          : notice(ctx, 'reload_failed', { error: result.error }),
      ];
    }),
  );
}

/** "about 56 minutes", "9 hours 16 minutes", "20 seconds", in the reader's language (rounded up). */
function duration(seconds: number, ctx: TurnContext): string {
  const locale = (languageSpec(ctx.lang, ctx.content.languages) ?? REGISTRY.list[0]!).locale;
  if (seconds < 60) return formatDuration({ seconds: Math.max(1, Math.ceil(seconds)) }, { locale });
  const minutes = Math.ceil(seconds / 60);
  return formatDuration({ hours: Math.floor(minutes / 60), minutes: minutes % 60 }, { locale });
}

/** The preview's lines on a paid wave: time free, time and Stars paid, and what the budget leaves free. */
function waveBlocks(ctx: TurnContext, e: WaveEstimate | undefined): Block[] {
  if (!e || !e.recipients) return [];
  const locale = (languageSpec(ctx.lang, ctx.content.languages) ?? REGISTRY.list[0]!).locale.code;
  const number = (n: number) => n.toLocaleString(locale, { maximumFractionDigits: 1 });
  return [
    ...uiBlocks(ctx.content, ctx.lang, 'broadcast_paid_estimate', {
      count: number(e.recipients),
      free_time: duration(e.freeSeconds, ctx),
      paid_time: duration(e.seconds, ctx),
      stars: number(e.stars),
      left: number(e.starsLeft),
    }),
    ...(e.overBudget
      ? uiBlocks(ctx.content, ctx.lang, 'broadcast_paid_over_budget', {
          paid: number(e.paidMessages),
          free: number(e.freeMessages),
        })
      : []),
  ];
}

export interface StaleNoticeDeps {
  readonly store: Store;
  /** Platform-qualified user ids (ADMIN_IDS). */
  readonly admins: readonly string[];
  readonly content: () => Content;
  readonly clock: Clock;
  /** CONTENT_STALE_DAYS. */
  readonly staleDays: number;
  readonly nudge: () => void;
  readonly logger: Logger;
}

/** Delivery keys and refs of the weekly notice start with this (kind "broadcast", no new delivery kind). */
const STALE_PREFIX = 'stale:';
const HOUR_MS = 3_600_000;
/** The calendar week is counted in the content's home time zone. */
const WEEK_ZONE = 'Europe/Berlin';

/**
 * Where an admin is reached: a Telegram user's private chat has the user's id, and the terminal's ids are
 * its conversations. A Matrix admin id names a user, not a room, so the weekly notice cannot reach it.
 */
export function adminConversation(admin: string): string | undefined {
  return admin.startsWith('matrix:') ? undefined : admin;
}

/** "2026-W49": the ISO week of `now` in Europe/Berlin. */
export function isoWeekOf(now: Date): string {
  const local = new TZDate(now.getTime(), WEEK_ZONE);
  return `${getISOWeekYear(local)}-W${String(getISOWeek(local)).padStart(2, '0')}`;
}

const escapeMarkup = (value: string): string => value.replace(/[*_[\]()\\]/g, (c) => `\\${c}`);

/**
 * Once a week, tells the admins which topics are stale, through the outbox like any other message. The
 * check runs hourly; the delivery key holds the ISO week, so every process and every run of one week
 * enqueue the same notice once. Nothing is sent when no topic is stale.
 */
export class StaleContentNotice {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: StaleNoticeDeps) {}

  start(): void {
    const unreachable = this.deps.admins.filter((a) => !adminConversation(a)).length;
    if (unreachable)
      this.deps.logger.warn(
        { admins: unreachable },
        'Matrix admin ids name no room: the weekly stale-content notice reaches Telegram admins only',
      );
    this.timer ??= setInterval(() => void this.run(), HOUR_MS).unref();
    void this.run();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One check; returns how many notices were newly enqueued. Errors are logged, never thrown. */
  async run(): Promise<number> {
    const { store, clock, logger } = this.deps;
    try {
      const now = clock.now();
      const content = this.deps.content();
      const stale = staleTopics(content, now, this.deps.staleDays);
      const conversations = this.deps.admins.map(adminConversation).filter((c): c is string => Boolean(c));
      if (!stale.length || !conversations.length) return 0;
      const week = isoWeekOf(now);
      let enqueued = 0;
      for (const conversation of conversations) {
        let settings = await store.getSettings(conversation);
        if (!settings) {
          // The outbox only sends to conversations it knows: give the admin's chat a bare row (no settings).
          await store.markInactive(conversation, 'admin');
          await store.markActive(conversation);
          settings = await store.getSettings(conversation);
        }
        const lang = settings?.lang ?? DEFAULT_LANG;
        const ui = content.ui[lang];
        const payload = [
          ui.stale_heading,
          fill(ui.stale_hint, { limit: String(this.deps.staleDays) }),
          stale
            .map(
              (a) =>
                `- ${fill(ui.stale_item, {
                  file: escapeMarkup(a.file),
                  checked: formatDay(a.checked, lang),
                  days: String(a.days),
                })}`,
            )
            .join('\n'),
        ].join('\n\n');
        enqueued += await store.enqueue([
          {
            key: `${STALE_PREFIX}${week}:${conversation}`,
            conversation,
            kind: 'broadcast',
            ref: `${STALE_PREFIX}${week}`,
            dueAt: now,
            payload,
          },
        ]);
      }
      if (enqueued) {
        logger.info({ topics: stale.length, admins: enqueued, week }, 'stale content: admins notified');
        this.deps.nudge();
      }
      return enqueued;
    } catch (err) {
      logger.error({ err }, 'stale content check failed');
      return 0;
    }
  }
}
