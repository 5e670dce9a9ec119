/**
 * Moving a conversation to a new id in SQLite (a Telegram group that became a supergroup), inside the caller's
 * transaction. See Store.moveConversation.
 */
import type Database from 'better-sqlite3';
import type { SQLITE } from './sqlite-sql.js';

export type Statements = { [K in keyof typeof SQLITE]: Database.Statement };

export function moveSqlite(q: Statements, p: { from: string; to: string; now: number }): boolean {
  const present = new Set(q.moveExists.pluck().all(p) as string[]);
  let moved = false;
  if (present.has(p.from)) {
    moved = true;
    if (present.has(p.to)) {
      q.moveMerge.run(p);
      q.moveMergeChecklist.run(p);
      q.moveDropFrom.run(p);
    } else {
      const items = q.moveTakeChecklist.all(p) as Array<{ item: string; done_at: number }>;
      q.moveRename.run(p);
      for (const i of items) q.movePutChecklist.run({ to: p.to, item: i.item, doneAt: i.done_at });
    }
  }
  q.moveDropClashing.run({ from: p.from, to: p.to });
  moved = q.moveDeliveries.run({ from: p.from, to: p.to }).changes > 0 || moved;
  q.moveDropEphemeral.run({ from: p.from });
  return moved;
}
