import { ArchiveError } from './errors';

/** Where an archive lives: a bucket and a key prefix inside it ('' for the bucket's root). */
export interface S3Target {
  bucket: string;
  prefix: string;
}

// Bucket names as S3 allows them (3–63 characters, lower case, digits, dots and
// hyphens); S3-compatible servers accept the same. Checked here so a typo fails
// before any request, with the rule in the message.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Parse `s3://bucket/some/prefix` (trailing slash optional); throws ArchiveError('bad-url') naming the problem. */
export function parseS3Url(url: string): S3Target {
  const m = /^s3:\/\/([^/]*)(?:\/(.*))?$/.exec(url);
  if (m === null) throw new ArchiveError('bad-url', `${JSON.stringify(url)} is not an s3:// URL: expected s3://BUCKET/PREFIX`);
  const bucket = m[1] ?? '';
  if (!BUCKET.test(bucket) || bucket.includes('..')) {
    throw new ArchiveError(
      'bad-url',
      `${JSON.stringify(url)}: bucket ${JSON.stringify(bucket)} is not a valid bucket name (3–63 lower-case letters, digits, dots or hyphens)`,
    );
  }
  const prefix = (m[2] ?? '').replace(/\/+$/, '');
  if (prefix.split('/').some((part, i, all) => part === '' && all.length > 1) || prefix.startsWith('/')) {
    throw new ArchiveError('bad-url', `${JSON.stringify(url)}: the prefix has an empty path segment ("//")`);
  }
  if (prefix.split('/').some((part) => part === '.' || part === '..'))
    throw new ArchiveError('bad-url', `${JSON.stringify(url)}: "." and ".." are not allowed in the prefix`);
  return { bucket, prefix };
}

/** The key of `rest` under the target's prefix. */
export function keyUnder(target: S3Target, ...rest: string[]): string {
  return [target.prefix, ...rest].filter((p) => p !== '').join('/');
}

export function s3UrlOf(target: S3Target, ...rest: string[]): string {
  return `s3://${target.bucket}/${keyUnder(target, ...rest)}`;
}
