/** What went wrong with an archive, so a caller can tell a bad URL from a server that is down. */
export type ArchiveProblem =
  | 'bad-url'
  | 'no-bucket'
  | 'access-denied'
  | 'unreachable'
  | 'no-credentials'
  | 'config'
  | 'not-found'
  | 'hash-mismatch'
  | 'not-member'
  | 'bad-manifest'
  | 'server';

/**
 * A failure a user can act on: the message names the bucket, key or segment
 * and never holds a credential (errors from the SDK are scrubbed before they
 * are wrapped, see s3Errors.ts).
 */
export class ArchiveError extends Error {
  constructor(
    readonly problem: ArchiveProblem,
    message: string,
  ) {
    super(message);
    this.name = 'ArchiveError';
  }
}
