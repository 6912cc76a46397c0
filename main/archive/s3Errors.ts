import { S3ServiceException } from '@aws-sdk/client-s3';
import { scrub } from '../connectors';
import { ArchiveError } from './errors';

/** What an error is about, for the message: the endpoint, the bucket, the key and the operation. */
export interface S3Where {
  endpoint: string;
  bucket: string;
  key?: string;
  operation: string;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
const DENIED = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'InvalidToken', 'AllAccessDisabled']);

function codeOf(err: unknown): string | undefined {
  if (err === null || typeof err !== 'object') return undefined;
  const { code, Code, name } = err as { code?: unknown; Code?: unknown; name?: unknown };
  if (typeof Code === 'string') return Code;
  if (typeof code === 'string') return code;
  return typeof name === 'string' ? name : undefined;
}

/** The network error under an SDK error (the SDK wraps it, sometimes in an AggregateError). */
function networkCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e !== null && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    const inner = (e as { errors?: unknown }).errors;
    if (Array.isArray(inner)) for (const x of inner as unknown[]) if (networkCode(x) !== undefined) return networkCode(x);
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Turn whatever the SDK threw into an ArchiveError whose message says what
 * was wrong and where (bucket missing, access denied, endpoint unreachable),
 * with every credential scrubbed out.
 */
export function describeS3Error(err: unknown, where: S3Where, secrets: readonly string[]): ArchiveError {
  if (err instanceof ArchiveError) return err;
  const at = `s3://${where.bucket}/${where.key ?? ''}`;
  const given = codeOf(err);
  // Responses without a body (HEAD) leave the SDK only the status: name that rather than "Unknown".
  const code = given === 'Unknown' || given === 'UnknownError' || given === 'Error' ? undefined : given;
  const status = err instanceof S3ServiceException ? err.$metadata.httpStatusCode : undefined;
  const sdkText = scrub(err instanceof Error ? err.message : String(err), secrets);
  const net = networkCode(err);
  if (net !== undefined)
    return new ArchiveError('unreachable', `cannot reach the S3 endpoint ${where.endpoint} (${net}) while trying ${where.operation} ${at}`);
  if (code === 'CredentialsProviderError' || /Could not load credentials/i.test(sdkText)) {
    return new ArchiveError(
      'no-credentials',
      'no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or another source of the AWS default chain), ' +
        'or pass --credentials-secret NAME naming a secret set with `commandpost connector secret set NAME` holding ACCESS_KEY_ID:SECRET_ACCESS_KEY',
    );
  }
  if (/Region is missing/i.test(sdkText)) return new ArchiveError('config', 'no AWS region: pass --region REGION or set AWS_REGION');
  if (code === 'NoSuchBucket') return new ArchiveError('no-bucket', `bucket ${where.bucket} does not exist at ${where.endpoint} (${where.operation} ${at})`);
  if ((code !== undefined && DENIED.has(code)) || status === 403) {
    return new ArchiveError(
      'access-denied',
      `access denied by ${where.endpoint} for ${where.operation} ${at}: ${code ?? `HTTP ${status ?? 403}`}; ` +
        'check the credentials and their permissions on the bucket',
    );
  }
  if (code === 'NoSuchKey' || code === 'NotFound' || status === 404) return new ArchiveError('not-found', `${at} does not exist (${where.operation})`);
  const label = code ?? (status !== undefined ? `HTTP ${status}` : 'error');
  return new ArchiveError('server', `${where.operation} ${at} at ${where.endpoint} failed: ${label}: ${sdkText}`);
}
