/**
 * Notices the Matrix adapter sends on its own, worded in content (ui.*.yaml): in both languages, because the
 * bot cannot know a room's language before it can read it.
 */
import type { Content } from '../../src/content/types.js';
import type { Reply } from '../../src/message/model.js';

const both = (content: Content, key: 'encrypted_room' | 'error_apology'): Reply => ({
  blocks: [
    { kind: 'paragraph', content: [{ kind: 'text', text: content.ui.de[key] }] },
    {
      kind: 'paragraph',
      content: [{ kind: 'italic', children: [{ kind: 'text', text: content.ui.en[key] }] }],
    },
  ],
  buttons: [],
});

/** Posted once in an encrypted room when the bot has no encryption support. */
export const encryptedRoomNotice = (content: Content): Reply => both(content, 'encrypted_room');

/** The answer when handling a message failed unexpectedly (the error itself is logged). */
export const apologyNotice = (content: Content): Reply => both(content, 'error_apology');
