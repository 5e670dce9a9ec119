/**
 * Admin commands for the operator (ADMIN_IDS): /stats (counts only), /broadcast (preview, then confirm;
 * sent through the same rate-limited outbox as reminders) and /reload (content, validated first).
 * Everyone else gets the normal menu for these commands.
 */
import { randomBytes } from 'node:crypto';
import { encodeAction } from '../message/actions.js';
import { menuButton, uiBlocks } from '../engine/compose.js';
import { notice, type Engine, type TurnContext } from '../engine/engine.js';
import { MarkupError, parseBlocks } from '../content/markdown.js';
import type { Block, Reply } from '../message/model.js';
import { visibleLength } from '../render/measure.js';
import { fanOut } from '../scheduler/planner.js';
import type { Store } from '../store/types.js';
import { broadcastKey } from '../scheduler/keys.js';

export interface AdminDeps {
  readonly store: Store;
  /** Platform-qualified user ids, e.g. "telegram:12345", "matrix:@ops:example.org". */
  readonly admins: readonly string[];
  /** Loads and checks the content again; on success the new content is live. */
  readonly reload: () => Promise<
    { ok: true; topics: number; deadlines: number } | { ok: false; error: string }
  >;
  readonly nudge: () => void;
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
      const count = (await store.stats()).subscribers.reduce((n, s) => n + s.count, 0);
      const ui = ctx.content.ui[ctx.lang];
      return [
        {
          blocks: [
            ...uiBlocks(ctx.content, ctx.lang, 'broadcast_preview', { count: String(count) }),
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
    const count = await fanOut(store, (s) => [
      {
        key: broadcastKey(id, s.conversation),
        conversation: s.conversation,
        kind: 'broadcast',
        ref: id,
        dueAt,
        payload: preview.text,
      },
    ]);
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
