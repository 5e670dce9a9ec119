/** A Logger that keeps what it was told, for asserting on start-up messages (shared: tests/helpers/logger.ts). */
export { recordingLogger } from '../helpers/logger.js';
