export interface ContentIssue {
  readonly file: string;
  /** Dotted path of the field, e.g. "sources[2].url", or "body" with a line. */
  readonly field: string;
  readonly message: string;
}

/** A content folder that cannot be used. The message names every file and field that is wrong. */
export class ContentError extends Error {
  constructor(readonly issues: readonly ContentIssue[]) {
    super(
      `content is invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((i) => `  ${i.file}: ${i.field}: ${i.message}`).join('\n'),
    );
    this.name = 'ContentError';
  }
}
