import { plainInline, type Block } from '../message/model.js';

/** Characters a reader sees (link targets excluded), as Telegram counts its 4,096 limit. */
export function visibleLength(blocks: readonly Block[]): number {
  let total = 0;
  for (const block of blocks) {
    if (block.kind === 'list') {
      block.items.forEach((item, i) => (total += plainInline(item).length + String(i + 1).length + 3));
    } else {
      total += plainInline(block.content).length + 2;
    }
  }
  return total;
}
