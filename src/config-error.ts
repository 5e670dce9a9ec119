/** A wrong setting: names the variables and what is expected. Start-up stops with it (exit code 2). It lives
 * beside src/config.ts, in a file of its own so that an adapter can throw it without loading the config schema. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`configuration is invalid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
