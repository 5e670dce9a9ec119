/**
 * The one text the adapter writes itself: Matrix-specific, about encryption, in German and English
 * because the bot cannot know the room's language before it can read it.
 */
import type { Reply } from '../../src/message.js';

const DE =
  'Ich kann in verschlüsselten Räumen leider nichts lesen. Starte bitte einen unverschlüsselten ' +
  'Direktchat mit mir (beim Erstellen die Verschlüsselung ausschalten) oder bitte die Betreiber des Bots, ' +
  'die Verschlüsselung einzuschalten.';
const EN =
  'I cannot read encrypted rooms. Please start an unencrypted direct chat with me (turn encryption off ' +
  'when you create it), or ask the operators of this bot to enable encryption.';

export function encryptedRoomNotice(): Reply {
  return {
    blocks: [
      { kind: 'paragraph', content: [{ kind: 'bold', children: [{ kind: 'text', text: '🔒 ' }] }, { kind: 'text', text: DE }] },
      { kind: 'paragraph', content: [{ kind: 'italic', children: [{ kind: 'text', text: EN }] }] },
    ],
    buttons: [],
  };
}

/** The answer when handling a message failed unexpectedly (the error itself is logged). */
export function apologyNotice(): Reply {
  return {
    blocks: [{ kind: 'paragraph', content: [{ kind: 'text', text: 'Entschuldigung, da ist etwas schiefgegangen. Bitte versuch es gleich noch einmal. / Sorry, something went wrong. Please try again in a moment.' }] }],
    buttons: [],
  };
}
