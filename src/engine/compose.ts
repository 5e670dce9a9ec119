/**
 * Builds the neutral replies from content: a topic answer (title, text, Stand, sources, how to reach the
 * bot, buttons), the menu, the sources list and notices. Pure functions of content, language and time.
 */
import { decodeAction, encodeAction } from '../message/actions.js';
import type { Content, Lang, Source, Topic, TopicText, UiKey } from '../content/types.js';
import { languageSpec } from '../content/languages.js';
import { fill, formatDay, formatSourceDate, formatStepsMonth } from './format.js';
import { parseBlocks, parseInline } from '../content/markdown.js';
import { italic, paragraph, text } from '../message/model.js';
import type { Block, Button, Inline, Reply } from '../message/model.js';
import { topicUrl } from '../render/web/paths.js';

const ui = (content: Content, lang: Lang, key: UiKey): string => content.ui[lang][key];

/** Parsed UI templates per content load (parsing once keeps the hot path cheap). */
const parsedTemplates = new WeakMap<Content, Map<string, Block[]>>();

/**
 * UI strings may use the same small Markdown as topics, and {placeholders}. The template is parsed first
 * and values are filled into text nodes afterwards, so a value (which may be user input) never becomes markup.
 */
export function uiBlocks(
  content: Content,
  lang: Lang,
  key: UiKey,
  values: Record<string, string> = {},
): Block[] {
  let cache = parsedTemplates.get(content);
  if (!cache) parsedTemplates.set(content, (cache = new Map<string, Block[]>()));
  const cacheKey = `${lang}:${key}`;
  let blocks = cache.get(cacheKey);
  if (!blocks) cache.set(cacheKey, (blocks = parseBlocks(ui(content, lang, key))));
  return Object.keys(values).length ? blocks.map((b) => fillBlock(b, values)) : blocks;
}

export function uiInline(
  content: Content,
  lang: Lang,
  key: UiKey,
  values: Record<string, string> = {},
): Inline[] {
  return parseInline(ui(content, lang, key)).map((n) => fillInline(n, values));
}

function fillInline(node: Inline, values: Record<string, string>): Inline {
  switch (node.kind) {
    case 'text':
      return { kind: 'text', text: fill(node.text, values) };
    case 'self':
      return node;
    default:
      return { ...node, children: node.children.map((c) => fillInline(c, values)) };
  }
}

function fillBlock(block: Block, values: Record<string, string>): Block {
  return block.kind === 'list'
    ? { ...block, items: block.items.map((item) => item.map((n) => fillInline(n, values))) }
    : { ...block, content: block.content.map((n) => fillInline(n, values)) };
}

export function topicButton(content: Content, lang: Lang, topicId: string): Button | undefined {
  const topic = content.topics.get(topicId);
  return (
    topic && {
      kind: 'action',
      label: topic.text[lang].button,
      action: encodeAction({ type: 'topic', topic: topicId }),
    }
  );
}

/** Lays buttons out in rows of `perRow`. */
export function rows<T>(items: readonly T[], perRow: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += perRow) out.push(items.slice(i, i + perRow));
  return out;
}

export const menuButton = (content: Content, lang: Lang): Button => ({
  kind: 'action',
  label: ui(content, lang, 'menu_button'),
  action: encodeAction({ type: 'menu' }),
});

function compactSources(content: Content, sources: readonly Source[], lang: Lang): Inline[] {
  const out: Inline[] = [];
  sources.forEach((s, i) => {
    if (i > 0) out.push({ kind: 'text', text: ' · ' });
    const label: Inline = {
      kind: 'text',
      text: `${s.publisher}, ${formatSourceDate(s.date, lang, content.languages)}`,
    };
    out.push(s.url ? { kind: 'link', href: s.url, children: [label] } : label);
  });
  return out;
}

/**
 * "Got this forwarded? Ask the bot:" and the bot's own address, filled in by each adapter; with `webUrl`
 * (the topic's web page) also "Read it on the web: <address>", shown in full so it survives copying.
 */
export function reachBlock(content: Content, lang: Lang, webUrl?: string): Block {
  const web: Inline[] = webUrl
    ? [
        text(` · ${ui(content, lang, 'footer_web')} `),
        { kind: 'link', href: webUrl, children: [text(webUrl)] },
      ]
    : [];
  return paragraph(italic(...uiInline(content, lang, 'footer'), text(' '), { kind: 'self' }, ...web));
}

/**
 * The "Stand" line: "Stand: 30. November 2026", or, when the topic names the month its steps come from,
 * "Stand: Quellen geprüft am 30. November 2026 · Anleitung nach Quellen von Mai 2025".
 */
export function standText(content: Content, lang: Lang, t: Pick<TopicText, 'checked' | 'stepsAsOf'>): string {
  const date = formatDay(t.checked, lang, content.languages);
  if (!t.stepsAsOf) {
    // "Stand" is a label ("Stand: …") unless it places the date itself ("Станом на {date}": no colon
    // after a preposition).
    const stand = ui(content, lang, 'stand');
    return stand.includes('{date}') ? fill(stand, { date }) : `${stand}: ${date}`;
  }
  return fill(ui(content, lang, 'stand_steps'), {
    date,
    month: formatStepsMonth(t.stepsAsOf, lang, content.languages),
  });
}

/** How many sources an answer's closing lines name; the rest are one command away (/quellen <topic>). */
const FOOTER_SOURCES = 2;

/**
 * The closing lines every answer carries: Stand, the first FOOTER_SOURCES sources (a topic lists its most
 * authoritative sources first) and, when there are more, "Alle Quellen: /quellen <topic>"; then where to
 * reach the bot.
 */
export function footerBlocks(
  content: Content,
  lang: Lang,
  t: Pick<TopicText, 'checked' | 'stepsAsOf' | 'sources' | 'reviewed'> & { readonly topic?: string },
  webUrl?: string,
): Block[] {
  const more =
    t.sources.length > FOOTER_SOURCES && t.topic
      ? [text(` · ${fill(ui(content, lang, 'sources_all'), { topic: t.topic })}`)]
      : [];
  return [
    {
      kind: 'paragraph',
      content: [
        { kind: 'bold', children: [{ kind: 'text', text: standText(content, lang, t) }] },
        { kind: 'text', text: ` · ${ui(content, lang, 'sources_label')}: ` },
        ...compactSources(content, more.length ? t.sources.slice(0, FOOTER_SOURCES) : t.sources, lang),
        ...more,
      ],
    },
    ...translationNote(content, lang, t.reviewed),
    reachBlock(content, lang, webUrl),
  ];
}

/**
 * For a language translated from another (registry `translatedFrom`): one paragraph saying so, in it, and
 * whether a native speaker has reviewed the text (the topic's `reviewed`; missing means not reviewed).
 */
function translationNote(content: Content, lang: Lang, reviewed?: string | false): Block[] {
  if (!languageSpec(lang, content.languages)?.translatedFrom) return [];
  const status = reviewed
    ? fill(ui(content, lang, 'translation_reviewed'), { date: formatDay(reviewed, lang, content.languages) })
    : ui(content, lang, 'translation_unreviewed');
  return [
    {
      kind: 'paragraph',
      content: [
        {
          kind: 'italic',
          children: [{ kind: 'text', text: `${ui(content, lang, 'translation_note')} ${status}` }],
        },
      ],
    },
  ];
}

/**
 * Where a button leads, so that an answer never offers two ways to the same place. The menu topic and
 * the menu are one place; every source list (the general one and a topic's own) counts as one place.
 */
export function destinationOf(button: Button): string {
  switch (button.kind) {
    case 'url':
      return `url:${button.url}`;
    case 'share':
      return `share:${button.topic}`;
    case 'action': {
      const action = decodeAction(button.action);
      if (!action) return `action:${button.action}`;
      if (action.type === 'menu' || (action.type === 'topic' && action.topic === 'start')) return 'menu';
      if (action.type === 'sources' || (action.type === 'topic' && action.topic === 'sources'))
        return 'sources';
      return `action:${button.action}`;
    }
  }
}

/** Where a topic's answer itself is: its buttons must not lead back there. */
export const placeOfTopic = (topicId: string): string =>
  topicId === 'start'
    ? 'menu'
    : topicId === 'sources'
      ? 'sources'
      : `action:${encodeAction({ type: 'topic', topic: topicId })}`;

/**
 * Drops every button that leads where an earlier one (or the answer itself, `here`) already leads, and
 * rows left empty. The first button to a place stays.
 */
export function dedupeButtons(reply: Reply, here?: string): Reply {
  const seen = new Set<string>(here ? [here] : []);
  let changed = false;
  const buttons: Button[][] = [];
  for (const row of reply.buttons) {
    const kept = row.filter((b) => {
      const place = destinationOf(b);
      if (seen.has(place)) return false;
      seen.add(place);
      return true;
    });
    if (kept.length !== row.length) changed = true;
    if (kept.length) buttons.push(kept);
  }
  return changed ? { ...reply, buttons } : reply;
}

/** `webBaseUrl` (WEB_BASE_URL): answers then link to the topic's web page in the same language. */
export function composeTopic(content: Content, topic: Topic, lang: Lang, webBaseUrl?: string): Reply {
  const t = topic.text[lang];
  const webUrl = webBaseUrl ? topicUrl(webBaseUrl, lang, topic.id) : undefined;
  const isMenu = topic.id === 'start';
  const own: Button[][] = [];
  if (!isMenu) {
    own.push([
      {
        kind: 'action',
        label: ui(content, lang, 'sources_button'),
        action: encodeAction({ type: 'sources', topic: topic.id }),
      },
      {
        kind: 'share',
        label: ui(content, lang, 'share_button'),
        topic: topic.id,
        text: fill(ui(content, lang, 'share_text'), { title: t.title, summary: t.summary }),
        ...(webUrl ? { url: webUrl } : {}),
      },
    ]);
    own.push([menuButton(content, lang)]);
  }
  // The answer's own buttons win over `related` ones leading to the same place (e.g. a related "sources"
  // topic beside the answer's own sources button); nothing leads back to the answer itself.
  const here = placeOfTopic(topic.id);
  const taken = new Set([here, ...own.flat().map(destinationOf)]);
  const related = t.related
    .map((id) => topicButton(content, lang, id))
    .filter((b): b is Button => Boolean(b))
    .filter((b) => {
      const place = destinationOf(b);
      if (taken.has(place)) return false;
      taken.add(place);
      return true;
    });
  return dedupeButtons(
    {
      topic: topic.id,
      blocks: [
        { kind: 'heading', content: [{ kind: 'text', text: t.title }] },
        ...t.blocks,
        ...footerBlocks(content, lang, { ...t, topic: topic.id }, webUrl),
      ],
      buttons: [...rows(related, 2), ...own],
    },
    here,
  );
}

/** Full source list of one topic (title, publisher, date, link; a source without address says why). */
export function composeSources(content: Content, topic: Topic, lang: Lang): Reply {
  const t = topic.text[lang];
  const items: Inline[][] = t.sources.map((s) => [
    s.url
      ? { kind: 'link', href: s.url, children: [{ kind: 'text', text: s.title }] }
      : { kind: 'text', text: s.title },
    {
      kind: 'text',
      text: ` – ${s.publisher}, ${formatSourceDate(s.date, lang, content.languages)}${s.offline ? ` (${s.offline})` : ''}`,
    },
  ]);
  return dedupeButtons(
    {
      topic: topic.id,
      blocks: [
        { kind: 'heading', content: uiInline(content, lang, 'sources_heading', { title: t.title }) },
        { kind: 'list', ordered: true, items },
        {
          kind: 'paragraph',
          content: [{ kind: 'bold', children: [{ kind: 'text', text: standText(content, lang, t) }] }],
        },
      ],
      buttons: [[topicButton(content, lang, topic.id)!, menuButton(content, lang)]],
    },
    'sources',
  );
}

/** A short notice followed by the menu's buttons, for anything the bot cannot place. */
export function composeNotice(content: Content, lang: Lang, blocks: readonly Block[]): Reply {
  return { blocks, buttons: menuButtons(content, lang) };
}

const menuButtonCache = new WeakMap<Content, Partial<Record<Lang, Button[][]>>>();

/** The menu's topic buttons (the start topic's `related`), in rows of two. */
export function menuButtons(content: Content, lang: Lang): Button[][] {
  let byLang = menuButtonCache.get(content);
  if (!byLang) menuButtonCache.set(content, (byLang = {}));
  const start = content.topics.get('start')!;
  return (byLang[lang] ??= rows(
    start.text[lang].related
      .map((id) => topicButton(content, lang, id))
      .filter((b): b is Button => Boolean(b)),
    2,
  ));
}
