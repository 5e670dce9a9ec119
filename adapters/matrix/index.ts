/**
 * The Matrix adapter's public surface, for its entry in the adapter registry (src/platforms.ts), which loads
 * it with import() when MATRIX_HOMESERVER_URL and MATRIX_ACCESS_TOKEN are set.
 */
export { createMatrixBot, type MatrixBot } from './bot.js';
