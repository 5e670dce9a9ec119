/**
 * Data rights, as the bot preaches them: /datenschutz says what is stored, why, how long and who runs the
 * bot; /meinedaten shows everything stored (readable and as JSON); /vergessen deletes all of it after a
 * confirmation button. The button carries an HMAC token, so any bot process can check it.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { encodeAction, type Action } from '../message/actions.js';
import { menuButton, uiBlocks } from '../engine/compose.js';
import { notice, type Engine, type TurnContext } from '../engine/engine.js';
import type { Block, Reply } from '../message/model.js';
import type { ConversationExport, Store } from '../ports/store.js';

export interface PrivacyDeps {
  readonly store: Pick<Store, 'exportConversation' | 'forgetConversation'>;
  /** Who runs the bot (OPERATOR_NAME, OPERATOR_CONTACT). */
  readonly operator: { readonly name?: string | undefined; readonly contact?: string | undefined };
  /** Signs confirmation buttons; share it between processes (LOG_ID_SECRET) so that any of them can check. */
  readonly secret?: string | undefined;
  /** Days after which finished deliveries are deleted (RETENTION_DAYS). */
  readonly retentionDays?: number | undefined;
  /** No platform runs (the terminal chat): without an operator, say that this is a local test. */
  readonly local?: boolean | undefined;
}

/** A confirmation is valid in the 15-minute window it was asked in and the next one. */
const WINDOW_MS = 15 * 60_000;

export function registerPrivacy(engine: Engine, deps: PrivacyDeps): void {
  const { store } = deps;
  const secret = deps.secret ?? randomBytes(32).toString('hex');
  const token = (conversation: string, window: number): string =>
    createHmac('sha256', secret).update(`forget:${conversation}:${window}`).digest('base64url').slice(0, 22);
  const windowNow = (): number => Math.floor(engine.now().getTime() / WINDOW_MS);

  engine.registerCommand('privacy', (ctx) => {
    const ui = ctx.content.ui[ctx.lang];
    const { name, contact } = deps.operator;
    const localTest = deps.local && !name && !contact;
    const unknown = ui.operator_unknown;
    return [
      notice(ctx, 'privacy', {
        operator: localTest ? ui.operator_local : (name ?? unknown),
        contact: localTest ? '–' : (contact ?? unknown),
        retention: String(deps.retentionDays ?? 30),
      }),
    ];
  });

  engine.registerCommand('mydata', async (ctx) => {
    const exported = await store.exportConversation(ctx.event.conversation);
    if (!exported.settings && !exported.deliveries.length) return [notice(ctx, 'mydata_empty')];
    return [composeExport(ctx, exported)];
  });

  const ask = (ctx: TurnContext): Reply[] => {
    const ui = ctx.content.ui[ctx.lang];
    const action = encodeAction({
      type: 'confirm',
      what: 'forget',
      token: token(ctx.event.conversation, windowNow()),
    });
    return [
      {
        ...notice(ctx, 'forget_prompt'),
        buttons: [
          [
            { kind: 'action', label: ui.forget_confirm_button, action },
            { kind: 'action', label: ui.cancel_button, action: encodeAction({ type: 'cancel' }) },
          ],
        ],
      },
    ];
  };
  engine.registerCommand('forget', ask);
  engine.registerAction(['forget'], ask);
  engine.registerAction(['cancel'], (ctx) => [notice(ctx, 'cancelled')]);
  engine.registerAction(['confirm:forget'], async (ctx, action: Action) => {
    const w = windowNow();
    const valid =
      action.type === 'confirm' && [w, w - 1].some((x) => token(ctx.event.conversation, x) === action.token);
    if (!valid) return [notice(ctx, 'forget_expired')];
    const removed = await store.forgetConversation(ctx.event.conversation);
    return [notice(ctx, 'forget_done', { count: String(removed) })];
  });
}

function composeExport(ctx: TurnContext, exported: ConversationExport): Reply {
  const { content, lang } = ctx;
  const ui = content.ui[lang];
  const s = exported.settings;
  const yesNo = (v: boolean): string => (v ? ui.yes : ui.no);
  const lines: string[] = s
    ? [
        `${ui.field_conversation}: ${s.conversation}`,
        `${ui.field_language}: ${s.lang ?? '–'}`,
        `${ui.field_timezone}: ${s.timezone ?? '–'}`,
        `${ui.field_subscribed}: ${yesNo(s.subscribed)}`,
        `${ui.field_reachable}: ${yesNo(s.active)}${s.inactiveReason ? ` (${s.inactiveReason})` : ''}`,
        `${ui.field_checklist}: ${s.checklist.join(', ') || '–'}`,
        `${ui.field_created}: ${s.createdAt.toISOString()}`,
      ]
    : [];
  for (const d of exported.deliveries) {
    lines.push(
      `${ui.field_delivery} ${d.id}: ${d.kind} ${d.ref}, ${d.status}, ${d.dueAt.toISOString()}${d.sentAt ? ` → ${d.sentAt.toISOString()}` : ''}`,
    );
  }
  const blocks: Block[] = [
    ...uiBlocks(content, lang, 'mydata_heading'),
    { kind: 'list', ordered: false, items: lines.map((l) => [{ kind: 'text', text: l }]) },
    ...uiBlocks(content, lang, 'mydata_json'),
    { kind: 'paragraph', content: [{ kind: 'text', text: JSON.stringify(exported) }] },
  ];
  return {
    blocks,
    buttons: [
      [
        { kind: 'action', label: ui.forget_button, action: encodeAction({ type: 'forget' }) },
        menuButton(content, lang),
      ],
    ],
  };
}
