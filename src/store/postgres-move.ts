/**
 * Moving a conversation to a new id in PostgreSQL (a Telegram group that became a supergroup), inside the
 * caller's transaction. See Store.moveConversation.
 */
import { PG } from './postgres-sql.js';
import type { Db } from './postgres-pool.js';

export async function moveConversation(db: Db, from: string, to: string, now: number): Promise<boolean> {
  const present = new Set(
    (await db.query<{ id: string }>(PG.moveLockRows, [from, to])).rows.map((r) => r.id),
  );
  let moved = false;
  if (present.has(from)) {
    moved = true;
    if (present.has(to)) {
      await db.query(PG.moveMerge, [from, to, now]);
      await db.query(PG.moveMergeChecklist, [from, to]);
      await db.query(PG.forgetConversation, [from]);
    } else {
      const items = (await db.query<{ item: string; done_at: number }>(PG.moveTakeChecklist, [from])).rows;
      await db.query(PG.moveRename, [from, to, now]);
      if (items.length)
        await db.query(PG.movePutChecklist, [to, items.map((i) => i.item), items.map((i) => i.done_at)]);
    }
  }
  await db.query(PG.moveDropClashing, [from, to]);
  moved = ((await db.query(PG.moveDeliveries, [from, to])).rowCount ?? 0) > 0 || moved;
  await db.query(PG.forgetEphemeral, [from]);
  return moved;
}
