import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentError } from '../../src/content/errors.js';
import { loadContent } from '../../src/content/loader.js';
import { composedAnswers } from '../../src/engine/answer-measure.js';
import { LANGS } from '../../src/content/types.js';
import { contentCopy, realContent } from '../helpers/content.js';

describe('the shipped content', () => {
  const content = realContent();

  it('has every required topic in German and English', () => {
    const required = [
      'start',
      'instagram',
      'facebook',
      'whatsapp',
      'messenger',
      'threads',
      'timeline',
      'sources',
      'about',
      'linkedin',
      'x',
      'gemini',
    ];
    for (const id of required) {
      const topic = content.topics.get(id);
      expect(topic, id).toBeDefined();
      for (const lang of LANGS) expect(topic!.text[lang].blocks.length, `${id}.${lang}`).toBeGreaterThan(0);
    }
  });

  it('gives every topic sources (with a web address where one is known) and a Stand date', () => {
    for (const topic of content.topics.values()) {
      for (const lang of LANGS) {
        const t = topic.text[lang];
        expect(t.sources.length, t.file).toBeGreaterThan(0);
        expect(t.checked, t.file).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        for (const s of t.sources) if (s.url !== undefined) expect(s.url, t.file).toMatch(/^https?:\/\//);
      }
    }
  });

  it('keeps the past deadlines as history: 27 May 2025 and 3 November 2025 for LinkedIn', () => {
    const ids = content.deadlines.map((d) => [d.id, d.at.toISOString()]);
    expect(ids).toContainEqual(['meta-ki-training-2025', '2025-05-26T22:00:00.000Z']);
    expect(
      content.deadlines.some(
        (d) => d.topics.includes('linkedin') && d.at.toISOString() === '2025-11-02T23:00:00.000Z',
      ),
    ).toBe(true);
  });

  it('tells the corrected facts, not the spring-2025 ones', () => {
    const text = (id: string) => JSON.stringify(content.topics.get(id)!.text.de.blocks);
    expect(text('instagram')).toMatch(/nur künftig/);
    expect(text('instagram')).toMatch(/Nutzt du auch Facebook, widersprich dort auch/);
    expect(text('timeline')).toMatch(/23\. Mai/);
    expect(text('whatsapp')).toMatch(/Erweiterter Chat-Datenschutz/);
    expect(text('whatsapp')).toMatch(/stumm/i);
  });
});

describe('a broken content folder', () => {
  let copy: ReturnType<typeof contentCopy>;
  afterEach(() => copy.cleanup());

  const problems = (): string => {
    try {
      // Loaded as the bot loads it: with the engine's composed answers, so their length is checked too.
      loadContent(copy.dir, { composed: composedAnswers });
    } catch (err) {
      expect(err).toBeInstanceOf(ContentError);
      return (err as ContentError).message;
    }
    throw new Error('content loaded although it is broken');
  };

  it('names the file and field of a missing title', () => {
    copy = contentCopy();
    copy.edit('topics/instagram.de.md', (s) => s.replace(/^title:.*\n/m, ''));
    expect(problems()).toMatch(/topics\/instagram\.de\.md: title: is missing/);
  });

  it('names a date that is not a real day', () => {
    copy = contentCopy();
    copy.edit('topics/facebook.en.md', (s) => s.replace(/^checked:.*$/m, 'checked: 2026-02-30'));
    expect(problems()).toMatch(/topics\/facebook\.en\.md: checked: is not a real calendar date/);
  });

  it('names broken link syntax with its line', () => {
    copy = contentCopy();
    copy.edit('topics/whatsapp.de.md', (s) => `${s}\nSiehe [hier](www.example.org ohne Schema)\n`);
    expect(problems()).toMatch(
      /topics\/whatsapp\.de\.md: body \(line \d+\): link target "www\.example\.org ohne Schema" must be a full/,
    );
  });

  it('refuses a topic without sources', () => {
    copy = contentCopy();
    copy.edit('topics/threads.de.md', (s) => s.replace(/^sources:\n(?:\s+.*\n)+/m, 'sources: []\n'));
    expect(problems()).toMatch(/topics\/threads\.de\.md: sources: every topic needs at least one source/);
  });

  it('refuses an answer longer than one Telegram message', () => {
    copy = contentCopy();
    copy.edit(
      'topics/messenger.en.md',
      (s) => `${s}\n${'This sentence makes the answer far too long. '.repeat(100)}\n`,
    );
    expect(problems()).toMatch(
      /topics\/messenger\.en\.md: body: the finished answer is \d+ characters .* at most 4096/,
    );
  });

  it('refuses raw HTML in the text', () => {
    copy = contentCopy();
    copy.edit('topics/x.de.md', (s) => `${s}\n<script>alert(1)</script>\n`);
    expect(problems()).toMatch(/topics\/x\.de\.md: body \(line \d+\): raw HTML "<script>" is not allowed/);
  });

  it('refuses a YAML syntax error in the header, with the line', () => {
    copy = contentCopy();
    copy.edit('topics/gemini.de.md', (s) => s.replace(/^title: (.*)$/m, 'title: [unclosed'));
    expect(problems()).toMatch(/topics\/gemini\.de\.md: \(header\): YAML syntax error/);
  });

  it('refuses a topic in only one language', () => {
    copy = contentCopy();
    copy.write('topics/tiktok.de.md', '---\nid: tiktok\n---\ntext\n');
    expect(problems()).toMatch(
      /topics\/tiktok\.en\.md: \(file\): missing: every topic needs every registered language/,
    );
  });

  it('refuses a command two topics claim, and reserved commands', () => {
    copy = contentCopy();
    copy.edit('topics/threads.de.md', (s) => s.replace(/^commands:.*$/m, 'commands: [instagram, frist]'));
    const message = problems();
    expect(message).toMatch(
      /topics\/threads\.de\.md: commands\[\d\]: "(instagram|threads)" is already used by topic/,
    );
    expect(message).toMatch(/"frist" is reserved/);
  });

  it('refuses a deadline with an unknown time zone or topic', () => {
    copy = contentCopy();
    copy.edit('deadlines.yaml', (s) =>
      s.replace('Europe/Berlin', 'Europe/Atlantis').replace(/topics: \[instagram/, 'topics: [myspace'),
    );
    const message = problems();
    expect(message).toMatch(/deadlines\.yaml: deadlines\[0\]\.timezone: is not a known time zone/);
    expect(message).toMatch(/deadlines\.yaml: deadlines\[0\]\.topics\[0\]: unknown topic "myspace"/);
  });

  it('refuses an interface text file with a missing key', () => {
    copy = contentCopy();
    copy.edit('ui.en.yaml', (s) => s.replace(/^menu_button:.*\n/m, ''));
    expect(problems()).toMatch(/ui\.en\.yaml: menu_button: is missing/);
  });

  it('refuses a file that is not UTF-8', () => {
    copy = contentCopy();
    writeFileSync(
      join(copy.dir, 'topics/about.de.md'),
      Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe, 0x0a]),
    );
    expect(problems()).toMatch(/topics\/about\.de\.md: \(file\): is not valid UTF-8 text/);
  });
});
