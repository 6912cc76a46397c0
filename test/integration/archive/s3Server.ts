import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

/** The only keys s3rver knows (it does not check SigV4 signatures, so any secret passes with this id). */
export const S3RVER_KEYS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };

export interface TestS3 {
  endpoint: string;
  bucket: string;
  /** Keys of objects created by PUT since the server started, in order. */
  puts: string[];
  onPut(listener: (key: string) => void): () => void;
  /** Every key under a prefix. */
  keys(prefix: string): Promise<string[]>;
  get(key: string): Promise<Buffer>;
  createBucket(name: string): Promise<void>;
  /** Overwrite an object, as someone with write access to the bucket could. */
  overwrite(key: string, body: string | Buffer): Promise<void>;
  close(): Promise<void>;
}

/** s3rver in this process on a free loopback port, with one empty bucket, storing into a fresh temp directory. */
export async function startS3(bucket = 'journal-archive'): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), 'cp-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const puts: string[] = [];
  const listeners = new Set<(key: string) => void>();
  server.on('event', (e) => {
    for (const r of e.Records) {
      if (r.eventName !== 'ObjectCreated:Put') continue;
      puts.push(r.s3.object.key);
      for (const l of listeners) l(r.s3.object.key);
    }
  });
  const client = new S3Client({
    endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: S3RVER_KEYS.AWS_ACCESS_KEY_ID, secretAccessKey: S3RVER_KEYS.AWS_SECRET_ACCESS_KEY },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    endpoint,
    bucket,
    puts,
    onPut(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async keys(prefix) {
      const out: string[] = [];
      let token: string | undefined;
      do {
        const r = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        for (const o of r.Contents ?? []) if (o.Key !== undefined) out.push(o.Key);
        token = r.IsTruncated === true ? r.NextContinuationToken : undefined;
      } while (token !== undefined);
      return out.sort();
    },
    async get(key) {
      const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return Buffer.from(await r.Body!.transformToByteArray());
    },
    async createBucket(name) {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    },
    async overwrite(key, body) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    async close() {
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
