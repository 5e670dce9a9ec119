import { Engine } from '../../src/engine/engine.js';
import type { Content } from '../../src/content/types.js';
import { plainInline, type Reply } from '../../src/message/model.js';
import { renderPlain } from '../../src/render/plain.js';
import { realContent } from './content.js';
import { VirtualTime } from './virtual-time.js';
import { MemoryPreferenceStore } from './fakes.js';

export function makeEngine(opts: { content?: Content; now?: Date } = {}) {
  const preferences = new MemoryPreferenceStore();
  const clock = new VirtualTime(opts.now ?? new Date('2026-11-29T10:00:00Z'));
  const engine = new Engine({ content: opts.content ?? realContent(), preferences, clock });
  return { engine, preferences, clock };
}

/** The reply as plain text, for assertions. */
export const plain = (reply: Reply): string => renderPlain(reply, { self: 'https://t.me/test_bot' }).text;

export const titleOf = (reply: Reply): string => {
  const first = reply.blocks[0];
  return first && first.kind !== 'list' ? plainInline(first.content) : '';
};
