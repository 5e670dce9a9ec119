/**
 * Free-text routing: finds the topic a question is about from the content's keywords (every language and
 * script), tolerant of case, diacritics, Arabic letter variants and small typos. Built once per content
 * load; lookups allocate little.
 */
import { BoundedMap } from '../util/bounded-map.js';
import type { Content } from '../content/types.js';
import { codesOf } from '../content/languages.js';
import { editDistance, normalize, typoBudget } from '../util/normalize.js';

interface Phrase {
  readonly words: readonly string[];
  readonly topic: string;
}

export interface Route {
  readonly topic: string;
  /** Higher is a better match. */
  readonly score: number;
}

export class Router {
  private readonly single = new Map<string, string>();
  private readonly singleWords: string[] = [];
  /** Multi-word keywords, indexed by their first word. */
  private readonly phrases = new Map<string, Phrase[]>();
  /** Fuzzy results per unknown word (null: no match). Bounded, so memory does not grow with traffic. */
  private readonly fuzzyCache = new BoundedMap<string, string | null>(FUZZY_CACHE_SIZE);

  constructor(content: Content) {
    // Every keyword under its German-style fold (ä→ae) first, then under the bare fold (ä→a, ö→o: how
    // Turkish and German are often typed without diacritics) where that differs and is still free.
    for (const fold of ['german', 'bare'] as const) {
      for (const topic of content.topics.values()) {
        for (const lang of codesOf(content.languages)) {
          const t = topic.text[lang];
          for (const keyword of [...t.keywords, ...t.commands]) this.add(normalize(keyword, fold), topic.id);
        }
      }
    }
  }

  private add(normalized: string, topic: string): void {
    const words = normalized.split(' ').filter(Boolean);
    if (words.length === 1) {
      if (!this.single.has(words[0]!)) {
        this.single.set(words[0]!, topic);
        this.singleWords.push(words[0]!);
      }
    } else if (words.length > 1) {
      const list = this.phrases.get(words[0]!) ?? [];
      if (!list.some((p) => p.topic === topic && p.words.join(' ') === words.join(' ')))
        list.push({ words, topic });
      this.phrases.set(words[0]!, list);
    }
  }

  /** The best topic for a text, or undefined. */
  route(input: string): Route | undefined {
    const words = normalize(input).split(' ').filter(Boolean);
    if (!words.length) return undefined;
    const scores = new Map<string, number>();
    const add = (topic: string, score: number): void => {
      scores.set(topic, (scores.get(topic) ?? 0) + score);
    };
    for (let i = 0; i < words.length; i++) {
      const candidates = this.phrases.get(words[i]!);
      if (!candidates) continue;
      for (const phrase of candidates) {
        if (phrase.words.every((w, j) => words[i + j] === w)) add(phrase.topic, 3 * phrase.words.length);
      }
    }
    for (const word of words) {
      const exact = this.single.get(word);
      if (exact) {
        add(exact, 3);
        continue;
      }
      const fuzzy = this.fuzzy(word);
      if (fuzzy) add(fuzzy, 2);
    }
    let winner: Route | undefined;
    for (const [topic, score] of scores) {
      if (!winner || score > winner.score) winner = { topic, score };
    }
    return winner;
  }

  /**
   * A known word under an affix: an Arabic prefix (و ف ب ل ك, the article ال and their combinations:
   * "بالواتساب" → "واتساب"), or a suffix after a keyword of at least MIN_STEM letters (Turkish
   * "instagramdan", Ukrainian "інстаграмом", German "instagramkonto"): the longest such keyword.
   */
  private affixed(word: string): string | undefined {
    for (const prefix of ARABIC_PREFIXES) {
      if (
        word.length - prefix.length >= 3 &&
        word.startsWith(prefix) &&
        this.single.has(word.slice(prefix.length))
      )
        return word.slice(prefix.length);
    }
    for (let end = word.length - 1; end >= MIN_STEM; end--) {
      if (this.single.has(word.slice(0, end))) return word.slice(0, end);
    }
    return undefined;
  }

  private fuzzy(word: string): string | undefined {
    const cached = this.fuzzyCache.get(word);
    if (cached !== undefined) return cached ?? undefined;
    const budget = typoBudget(word.length);
    let best: string | undefined = this.affixed(word);
    if (best === undefined && budget > 0) {
      let bestDistance = budget + 1;
      for (const candidate of this.singleWords) {
        if (Math.abs(candidate.length - word.length) > budget) continue;
        const d = editDistance(word, candidate, budget);
        if (d < bestDistance) {
          bestDistance = d;
          best = candidate;
          if (d === 1) break;
        }
      }
    }
    const topic = best === undefined ? undefined : this.single.get(best);
    this.fuzzyCache.set(word, topic ?? null);
    return topic;
  }
}

const FUZZY_CACHE_SIZE = 10_000;

/** Arabic prefixes (conjunctions, prepositions, the article), longest first, as normalize() leaves them. */
const ARABIC_PREFIXES = ['وال', 'بال', 'فال', 'كال', 'لل', 'ال', 'و', 'ف', 'ب', 'ل', 'ك'];

/** The shortest keyword a longer word may start with and still count as that keyword. */
const MIN_STEM = 6;
