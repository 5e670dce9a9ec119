import { afterEach, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/loader.js';
import { composeSources, dedupeButtons, destinationOf } from '../../src/engine/compose.js';
import { encodeAction } from '../../src/message/actions.js';
import type { Button, Reply } from '../../src/message/model.js';
import { duplicateButtons } from '../content/every-topic.js';
import { makeFixture, FIXTURE_LANGUAGES } from '../content/fixture.js';
import { makeEngine } from '../helpers/engine.js';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

/** Fixture: guide's related is [sources, start, guide]; sources' related is [guide, start]. */
function engine() {
  const f = makeFixture();
  cleanups.push(() => f.cleanup());
  return makeEngine({ content: loadContent(f.dir, { languages: FIXTURE_LANGUAGES }) });
}

const places = (reply: Reply) => reply.buttons.flat().map(destinationOf);
const act = (label: string, action: Parameters<typeof encodeAction>[0]): Button => ({
  kind: 'action',
  label,
  action: encodeAction(action),
});

describe('buttons never lead twice to the same place', () => {
  it('a guide whose related names the sources, the menu and itself gets one sources and one menu button, no self-link', () => {
    const { engine: e } = engine();
    const reply = e.topicReply('guide', 'de');
    expect(duplicateButtons(reply)).toEqual([]);
    expect(places(reply).filter((p) => p === 'sources')).toHaveLength(1);
    expect(places(reply).filter((p) => p === 'menu')).toHaveLength(1);
    expect(places(reply)).not.toContain(`action:${encodeAction({ type: 'topic', topic: 'guide' })}`);
    // the answer's own sources button (this topic's sources) wins over the general sources page
    expect(reply.buttons.flat()).toContainEqual(expect.objectContaining({ action: 's:guide' }));
    expect(reply.buttons.flat()).not.toContainEqual(expect.objectContaining({ action: 't:sources' }));
  });

  it('the sources page has no sources button and one menu button', async () => {
    const { engine: e } = engine();
    const reply = (await e.handle({ conversation: 't:1', text: '/quellen' }))[0]!;
    expect(reply.topic).toBe('sources');
    expect(places(reply)).not.toContain('sources');
    expect(places(reply).filter((p) => p === 'menu')).toHaveLength(1);
    expect(duplicateButtons(reply)).toEqual([]);
  });

  it('the menu has no menu button', () => {
    const { engine: e } = engine();
    const reply = e.menu('en');
    expect(places(reply)).not.toContain('menu');
    expect(places(reply)).toContain('sources');
    expect(duplicateButtons(reply)).toEqual([]);
  });

  it('the source list of the menu topic shows one menu button', () => {
    const { engine: e } = engine();
    const reply = composeSources(e.content, e.content.topics.get('start')!, 'de');
    expect(places(reply)).toEqual(['menu']);
  });

  it('feature buttons added to an answer are deduplicated too', () => {
    const { engine: e } = engine();
    e.decorateTopics((_id, lang, reply) => ({
      ...reply,
      buttons: [...reply.buttons, [act('Menü nochmal', { type: 'menu' }), act('Status', { type: 'status' })]],
    }));
    const reply = e.topicReply('guide', 'de');
    expect(duplicateButtons(reply)).toEqual([]);
    expect(places(reply)).toContain(`action:${encodeAction({ type: 'status' })}`);
  });

  it('dedupeButtons keeps the first button to a place, drops empty rows and leaves a clean reply as it is', () => {
    const reply: Reply = {
      blocks: [],
      buttons: [
        [act('A', { type: 'topic', topic: 'start' }), act('B', { type: 'topic', topic: 'x' })],
        [act('C', { type: 'menu' })],
        [act('D', { type: 'sources', topic: 'x' }), act('E', { type: 'topic', topic: 'sources' })],
        [{ kind: 'url', label: 'F', url: 'https://example.org' }],
        [{ kind: 'url', label: 'G', url: 'https://example.org' }],
      ],
    };
    const out = dedupeButtons(reply, `action:${encodeAction({ type: 'topic', topic: 'x' })}`);
    expect(out.buttons.map((r) => r.map((b) => b.label))).toEqual([['A'], ['D'], ['F']]);
    const clean: Reply = { blocks: [], buttons: [[act('A', { type: 'menu' })]] };
    expect(dedupeButtons(clean)).toBe(clean);
  });
});
