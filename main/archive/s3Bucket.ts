import { createHash } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ArchiveError } from './errors';
import { describeS3Error, type S3Where } from './s3Errors';

/** How to reach the server: an S3-compatible endpoint (path-style) or AWS itself, and whose keys to sign with. */
export interface S3Connection {
  /** e.g. http://127.0.0.1:9000 for an S3-compatible server; absent for AWS. */
  endpoint?: string;
  region?: string;
  /** Absent: the AWS SDK's default chain (AWS_ACCESS_KEY_ID…, ~/.aws, SSO, instance roles). */
  credentials?: S3Credentials;
}

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** An object as HeadObject sees it: enough to tell whether it already holds given bytes without reading it. */
export interface ObjectInfo {
  bytes: number;
  /** The ETag without quotes; an MD5 of the content for a plain single-part upload. */
  etag: string | null;
  /** Base64 SHA-256 the server computed, when it keeps checksums. */
  sha256: string | null;
}

/** The few operations an archive needs, on one bucket. */
export interface ArchiveBucket {
  readonly name: string;
  readonly endpoint: string;
  head(key: string): Promise<ObjectInfo | null>;
  get(key: string): Promise<Buffer | null>;
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** Keys directly under `prefix` that end in '/' (S3 "common prefixes"), without the prefix. */
  folders(prefix: string): Promise<string[]>;
  close(): void;
}

const DEFAULT_REGION = 'us-east-1';

export function openBucket(bucket: string, conn: S3Connection): ArchiveBucket {
  const client = new S3Client({
    ...(conn.endpoint !== undefined ? { endpoint: conn.endpoint, forcePathStyle: true } : {}),
    // S3-compatible servers mostly ignore the region, but the SDK needs one to sign.
    ...(conn.region !== undefined ? { region: conn.region } : conn.endpoint !== undefined ? { region: DEFAULT_REGION } : {}),
    ...(conn.credentials !== undefined ? { credentials: conn.credentials } : {}),
    followRegionRedirects: true,
    // Checksums only where an operation requires them: several S3-compatible servers refuse the
    // newer default (CRC32 on every request). Content is checked by SHA-256 end to end anyway.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const endpoint = conn.endpoint ?? `AWS S3${conn.region !== undefined ? ` (${conn.region})` : ''}`;
  const secrets = conn.credentials === undefined ? [] : [conn.credentials.secretAccessKey, conn.credentials.accessKeyId, conn.credentials.sessionToken ?? ''];
  const call = async <T>(operation: string, key: string | undefined, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      const where: S3Where = { endpoint, bucket, operation, ...(key !== undefined ? { key } : {}) };
      throw describeS3Error(err, where, secrets);
    }
  };
  const missing = (err: unknown): boolean => err instanceof ArchiveError && err.problem === 'not-found';
  return {
    name: bucket,
    endpoint,
    async head(key) {
      try {
        const r = await call('HeadObject', key, () => client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' })));
        return { bytes: r.ContentLength ?? -1, etag: r.ETag?.replace(/"/g, '') ?? null, sha256: r.ChecksumSHA256 ?? null };
      } catch (err) {
        if (missing(err)) return null;
        throw err;
      }
    },
    async get(key) {
      try {
        return await call('GetObject', key, async () => {
          const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
          if (r.Body === undefined) throw new ArchiveError('server', `GetObject s3://${bucket}/${key} returned no body`);
          return Buffer.from(await r.Body.transformToByteArray());
        });
      } catch (err) {
        if (missing(err)) return null;
        throw err;
      }
    },
    async put(key, body, contentType) {
      const sha256 = createHash('sha256').update(body).digest('base64');
      const md5 = createHash('md5').update(body).digest('base64');
      // Both digests let the server refuse a body damaged on the way (S3 checks them; servers that do not are caught by the read-back).
      const put = new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType, ContentMD5: md5, ChecksumSHA256: sha256 });
      await call('PutObject', key, () => client.send(put));
    },
    async folders(prefix) {
      const out: string[] = [];
      let token: string | undefined;
      do {
        const list = new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token });
        const r = await call('ListObjectsV2', prefix, () => client.send(list));
        for (const p of r.CommonPrefixes ?? []) if (p.Prefix !== undefined) out.push(p.Prefix.slice(prefix.length).replace(/\/$/, ''));
        token = r.IsTruncated === true ? r.NextContinuationToken : undefined;
      } while (token !== undefined);
      return out;
    },
    close() {
      client.destroy();
    },
  };
}
