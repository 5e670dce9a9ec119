/** The Matrix adapter's public surface, for the composition root (src/main.ts). */
export { createMatrixBot, type MatrixBot, type MatrixBotOptions } from './bot.js';
export { DEFAULT_TUNING, type MatrixTuning } from './tuning.js';
export { CryptoUnavailableError } from './sdk-loader.js';
