/**
 * The objection letters (content/letters.yaml): a ready-to-send objection under Art. 21 GDPR per service,
 * in German in every language (it goes to Meta), with blanks in [square brackets] the reader fills in
 * outside the bot. /brief and the web guide's letter pages show them; `npm run content:check` checks the
 * file. A content folder without the file simply has no letters.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ContentError, type ContentIssue } from './errors.js';
import { fieldPath } from './schema.js';
import type { Content } from './types.js';
import type { Block } from '../message/model.js';

const LETTERS_FILE = 'letters.yaml';

const word = z.string().regex(/^[a-z0-9_]{1,32}$/, 'must be lower-case letters, digits or "_"');

const letterSchema = z.strictObject({
  id: word,
  /** Words after /brief that pick this letter. */
  words: z.array(word).min(1, 'needs at least one word'),
  /** Topics whose answers get the "Letter" button. */
  topics: z.array(word).default([]),
  /** The services, as shown to the reader ("Instagram, Facebook, Messenger"). */
  services: z.string().trim().min(1).max(80),
  /** The addressee's name (the controller). */
  recipient: z.string().trim().min(1).max(80),
  /** The letter: plain German text, lines kept, paragraphs separated by an empty line. */
  letter: z
    .string()
    .trim()
    .min(200, 'is too short for a letter')
    .max(3000, 'must be at most 3000 characters (one printed page)')
    .refine((s) => !/[<>]/.test(s), 'must be plain text (no "<" or ">")'),
});

export type Letter = z.infer<typeof letterSchema>;

/** Reads and checks content/letters.yaml; problems come back as issues naming the field. */
function readLetters(dir: string): { letters: Letter[]; issues: ContentIssue[] } {
  const path = join(dir, LETTERS_FILE);
  if (!existsSync(path)) return { letters: [], issues: [] };
  const issues: ContentIssue[] = [];
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (err) {
    return {
      letters: [],
      issues: [{ file: LETTERS_FILE, field: '(file)', message: err instanceof Error ? err.message : String(err) }],
    };
  }
  if (!Array.isArray(raw))
    return { letters: [], issues: [{ file: LETTERS_FILE, field: '(file)', message: 'must be a list of letters' }] };
  const letters: Letter[] = [];
  const words = new Map<string, string>();
  raw.forEach((entry: unknown, i: number) => {
    const parsed = letterSchema.safeParse(entry);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        issues.push({ file: LETTERS_FILE, field: `[${i}].${fieldPath(issue.path)}`, message: issue.message });
      return;
    }
    for (const w of [parsed.data.id, ...parsed.data.words]) {
      const other = words.get(w);
      if (other && other !== parsed.data.id)
        issues.push({ file: LETTERS_FILE, field: `[${i}].words`, message: `"${w}" also picks the letter "${other}"` });
      words.set(w, parsed.data.id);
    }
    letters.push(parsed.data);
  });
  return { letters, issues };
}

/** readLetters plus the topics the letters name, for content:check. */
export function letterIssues(content: Content): ContentIssue[] {
  const { letters, issues } = readLetters(content.dir);
  letters.forEach((l, i) => {
    l.topics.forEach((t, j) => {
      if (!content.topics.has(t))
        issues.push({ file: LETTERS_FILE, field: `[${i}].topics[${j}]`, message: `unknown topic "${t}"` });
    });
  });
  return issues;
}

const cache = new WeakMap<Content, Letter[]>();

/** The letters of a loaded content folder (read once per content load); a broken file throws ContentError. */
export function lettersOf(content: Content): Letter[] {
  let letters = cache.get(content);
  if (!letters) {
    const read = readLetters(content.dir);
    if (read.issues.length) throw new ContentError(read.issues);
    cache.set(content, (letters = read.letters));
  }
  return letters;
}

/** The letter a word picks (id or one of its words); no word: the first letter. */
export function findLetter(letters: readonly Letter[], word: string): Letter | undefined {
  const w = word.trim().toLowerCase().replace(/^[/!]/, '');
  if (!w) return letters[0];
  return letters.find((l) => l.id === w || l.words.includes(w));
}

/** The letter's paragraphs (split at empty lines, lines inside a paragraph kept). */
export function letterParagraphs(letter: Letter): string[][] {
  return letter.letter
    .split(/\n\s*\n/)
    .map((p) => p.split('\n').map((line) => line.trimEnd()))
    .filter((p) => p.some(Boolean));
}

/** The letter as message blocks, for the chats: one paragraph per paragraph, its lines kept. */
export function letterBlocks(letter: Letter): Block[] {
  return letterParagraphs(letter).map((lines) => ({
    kind: 'paragraph',
    content: [{ kind: 'text', text: lines.join('\n') }],
  }));
}
