/** Test helpers: the real content, and throw-away copies of it to break on purpose. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadContent } from '../../src/content/loader.js';
import type { Content } from '../../src/content/types.js';

const CONTENT_DIR = resolve('content');

let cached: Content | undefined;
export function realContent(): Content {
  cached ??= loadContent(CONTENT_DIR);
  return cached;
}

/** A copy of content/ in a temp dir; `edit` changes one file. Call `cleanup` when done. */
export function contentCopy(): {
  dir: string;
  edit(file: string, change: (text: string) => string): void;
  write(file: string, text: string): void;
  cleanup(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'content-'));
  cpSync(CONTENT_DIR, dir, { recursive: true });
  return {
    dir,
    edit(file, change) {
      const path = join(dir, file);
      writeFileSync(path, change(readFileSync(path, 'utf8')));
    },
    write(file, text) {
      writeFileSync(join(dir, file), text);
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
