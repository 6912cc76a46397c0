/** The file is not a Command Post journal, or is damaged. Nothing was written to it. */
export class JournalOpenError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`cannot open journal ${file}: ${reason}`);
    this.name = 'JournalOpenError';
  }
}

/** An entry offered for storage was refused; the journal is unchanged by it. */
export class EntryRejectedError extends Error {
  constructor(
    readonly reason: string,
    readonly where: { author: string; seq: number; id: string },
  ) {
    super(`entry ${where.id} (author ${where.author}, seq ${where.seq}) refused: ${reason}`);
    this.name = 'EntryRejectedError';
  }
}
