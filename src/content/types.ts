import type { Block } from '../message/model.js';
import type { Lang, Languages } from './languages.js';
import type { ContentIssue } from './errors.js';
import type { Labels } from './labels.js';

/** The language list and type live in the language registry (languages.ts); re-exported for convenience. */
export { DEFAULT_LANG, LANGS, type Lang } from './languages.js';

export interface Source {
  readonly title: string;
  readonly publisher: string;
  /** YYYY-MM-DD, YYYY-MM, or "undatiert"/"undated". */
  readonly date: string;
  /** Missing only where `offline` says why there is no address. */
  readonly url?: string | undefined;
  /** Why the source has no address (e.g. "print edition"); such a source is shown without a link. */
  readonly offline?: string | undefined;
}

/** One topic in one language, as written in content/topics/<id>.<lang>.md. */
export interface TopicText {
  readonly file: string;
  readonly title: string;
  readonly summary: string;
  readonly button: string;
  readonly commands: readonly string[];
  readonly keywords: readonly string[];
  readonly related: readonly string[];
  /** "Stand": the day the sources were last reviewed, YYYY-MM-DD. */
  readonly checked: string;
  /** The month (YYYY-MM) of the sources the in-app steps come from, if the topic says so. */
  readonly stepsAsOf?: string | undefined;
  readonly sources: readonly Source[];
  /** The answer text, with label references ({{ig.privacy_policy}}) expanded for this language. */
  readonly blocks: readonly Block[];
  /** Label ids shown with their German fallback here (not confirmed in this language). */
  readonly labelsUnconfirmed?: readonly string[];
  /** Whether a native speaker has reviewed this translation: the day (YYYY-MM-DD), or false. */
  readonly reviewed?: string | false | undefined;
}

export interface Topic {
  readonly id: string;
  /** Something to do (object, switch off): offered as a checklist item with a "Done" button. */
  readonly checklist: boolean;
  readonly text: Readonly<Record<Lang, TopicText>>;
}

export interface Deadline {
  readonly id: string;
  /** The instant, resolved from the local time and its time zone (00:00 local for a date-only deadline). */
  readonly at: Date;
  /** Set (YYYY-MM-DD) when the deadline is a day without a time: it is shown as that day, without a time. */
  readonly day?: string | undefined;
  readonly timezone: string;
  readonly topics: readonly string[];
  readonly remindDaysBefore: readonly number[];
  readonly title: Readonly<Record<Lang, string>>;
  readonly text: Readonly<Record<Lang, readonly Block[]>>;
}

export const UI_KEYS = [
  'stand',
  'sources_label',
  'sources_button',
  'sources_heading',
  'share_button',
  'share_text',
  'menu_button',
  'footer',
  'empty_text',
  'unknown_text',
  'unknown_command',
  'bad_action',
  'language_prompt',
  'language_set',
  'deadline_heading',
  'deadline_next',
  'deadline_none',
  'deadline_past',
  'privacy',
  'choose_number',
  'remind_button',
  'done_button',
  'later_button',
  'later_prompt',
  'later_tomorrow',
  'later_week',
  'later_set',
  'subscribed',
  'already_subscribed',
  'unsubscribed',
  'not_subscribed',
  'unsubscribe_button',
  'status_heading',
  'status_subscribed',
  'status_not_subscribed',
  'status_language',
  'status_checklist',
  'status_checklist_empty',
  'status_pending',
  'done_marked',
  'done_unmarked',
  'timezone_set',
  'timezone_invalid',
  'timezone_show',
  'reminder_heading',
  'reminder_in_days',
  'reminder_tomorrow',
  'reminder_today',
  'new_deadline',
  'personal_reminder',
  'broadcast_heading',
  'operator_unknown',
  'yes',
  'no',
  'mydata_heading',
  'mydata_empty',
  'mydata_json',
  'field_conversation',
  'field_language',
  'field_timezone',
  'field_subscribed',
  'field_reachable',
  'field_checklist',
  'field_created',
  'field_delivery',
  'forget_button',
  'forget_confirm_button',
  'cancel_button',
  'forget_prompt',
  'forget_done',
  'forget_expired',
  'cancelled',
  'stats_heading',
  'broadcast_usage',
  'broadcast_preview',
  'broadcast_paid_estimate',
  'broadcast_paid_over_budget',
  'broadcast_confirm_button',
  'broadcast_queued',
  'broadcast_expired',
  'broadcast_invalid',
  'reload_ok',
  'reload_failed',
  'cmd_deadline',
  'cmd_sources',
  'cmd_language',
  'cmd_privacy',
  'cmd_remind',
  'cmd_stop',
  'cmd_status',
  'cmd_mydata',
  'cmd_forget',
  'button_stale',
  'open_in_bot',
  'error_apology',
  'encrypted_room',
  'done_more_button',
  'account_label',
  'status_button',
  'cmd_commands',
  'commands_heading',
  'status_reminder',
  'status_more',
  'status_broadcast',
  'translation_note',
  'translation_reviewed',
  'translation_unreviewed',
  'labels_unconfirmed',
  'stand_steps',
  'sources_all',
  'operator_local',
  'stale_heading',
  'stale_item',
  'stale_hint',
  'footer_web',
  'web_locale',
  'web_language_name',
  'web_language_nav',
  'web_site_title',
  'web_site_description',
  'web_choose_language',
  'web_menu_intro',
  'web_all_topics',
  'web_related',
  'web_ask_bot',
  'web_ask_bot_text',
  'web_qr',
  'web_privacy',
  'web_open',
  'cmd_plain',
] as const;
export type UiKey = (typeof UI_KEYS)[number];
export type UiStrings = Readonly<Record<UiKey, string>>;

export interface Content {
  readonly dir: string;
  /** The languages this content was loaded for (the registry, or a test's own); every text exists in each. */
  readonly languages: Languages;
  readonly topics: ReadonlyMap<string, Topic>;
  /** Command word (without "/") → topic id, from every language's `commands`. */
  readonly commands: ReadonlyMap<string, string>;
  readonly deadlines: readonly Deadline[];
  /** deadlines.yaml `checked`: the day the list of deadlines was last compared with the sources. */
  readonly deadlinesChecked: string;
  readonly ui: Readonly<Record<Lang, UiStrings>>;
  /** The in-app labels (content/labels.yaml) by id; empty when the folder has none. */
  readonly labels?: Labels;
  /** Problems that do not stop the content from being used (e.g. a long text); content:check prints them. */
  readonly warnings?: readonly ContentIssue[];
}
