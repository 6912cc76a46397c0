/** Why an entry failed verification, with enough to find it. */
export class JournalVerifyError extends Error {
  constructor(
    readonly reason: string,
    readonly where: { author?: string; seq?: number; id?: string; line?: number } = {},
  ) {
    const parts = [
      where.line !== undefined ? `line ${where.line}` : null,
      where.author !== undefined ? `author ${where.author}` : null,
      where.seq !== undefined ? `seq ${where.seq}` : null,
      where.id !== undefined ? `entry ${where.id}` : null,
    ].filter((p): p is string => p !== null);
    super(parts.length > 0 ? `${parts.join(', ')}: ${reason}` : reason);
    this.name = 'JournalVerifyError';
  }
}
