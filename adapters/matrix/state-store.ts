/**
 * matrix-bot-sdk's storage provider, as one JSON file (<dataDir>/matrix/state.json): the sync token, the
 * filter and a few small per-room flags. Every change is written to a temporary file, flushed and renamed
 * over the old one, so a crash leaves either the old or the new state, never half of it.
 *
 * The sync token is only ever set by SyncLoop, after the events of that sync were handled.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { IFilterInfo, IStorageProvider } from 'matrix-bot-sdk';
import type { Logger } from '../../src/ports/capabilities.js';
import { errorFields } from './log-fields.js';

interface StateFile {
  version: 1;
  syncToken: string | null;
  filter: IFilterInfo | null;
  values: Record<string, string>;
}

const EMPTY: StateFile = { version: 1, syncToken: null, filter: null, values: {} };

export class FileStateStore implements IStorageProvider {
  readonly file: string;
  private state: StateFile;
  private writing: Promise<void> = Promise.resolve();

  constructor(dir: string, logger: Logger) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, 'state.json');
    this.state = FileStateStore.read(this.file, logger);
  }

  private static read(file: string, logger: Logger): StateFile {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return structuredClone(EMPTY);
      throw err;
    }
    try {
      const parsed = JSON.parse(text) as Partial<StateFile>;
      if (parsed.version !== 1) throw new Error(`unknown version ${String(parsed.version)}`);
      return { ...structuredClone(EMPTY), ...parsed, values: { ...parsed.values } };
    } catch (err) {
      const aside = `${file}.corrupt-${Date.now()}`;
      renameSync(file, aside);
      logger.warn(
        { file, aside, err: errorFields(err) },
        'matrix state file was unreadable; moved aside, starting without a sync token',
      );
      return structuredClone(EMPTY);
    }
  }

  getSyncToken(): string | null {
    return this.state.syncToken;
  }

  setSyncToken(token: string | null): Promise<void> {
    this.state.syncToken = token;
    return this.persist();
  }

  // The interface says IFilterInfo, but the SDK (like its MemoryStorageProvider) expects null when unset.
  getFilter(): IFilterInfo {
    return this.state.filter as IFilterInfo;
  }

  setFilter(filter: IFilterInfo): Promise<void> {
    this.state.filter = filter;
    return this.persist();
  }

  readValue(key: string): string | undefined {
    return this.state.values[key];
  }

  storeValue(key: string, value: string): Promise<void> {
    this.state.values[key] = value;
    return this.persist();
  }

  deleteValue(key: string): Promise<void> {
    if (!(key in this.state.values)) return Promise.resolve();
    delete this.state.values[key];
    return this.persist();
  }

  /** Resolves once everything changed so far is on disk. */
  flush(): Promise<void> {
    return this.writing;
  }

  private persist(): Promise<void> {
    const snapshot = JSON.stringify(this.state);
    this.writing = this.writing.catch(() => undefined).then(() => writeAtomic(this.file, snapshot));
    return this.writing;
  }
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}
