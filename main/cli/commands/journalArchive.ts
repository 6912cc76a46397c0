import { parseArgs } from 'node:util';
import {
  ArchiveError,
  DEFAULT_SEGMENT_ENTRIES,
  archiveWorkspace,
  credentialsFromSecret,
  openBucket,
  parseS3Url,
  s3UrlOf,
  verifyArchive,
  type S3Connection,
  type S3Credentials,
  type S3Target,
} from '../../archive';
import type { ExportVerifyReport } from '../../journal';
import { selectSecretStore } from '../../identity';
import type { CliContext } from '../context';
import { UsageError } from '../context';

// `journal archive` and `journal verify s3://…` (docs/archive.md). Kept apart
// from journal.ts: they share S3 flags that the other subcommands do not take.

export const journalArchiveHelp = `commandpost journal archive --to s3://BUCKET/PREFIX [--workspace DIR] [--endpoint URL] [--region R]
    [--credentials-secret NAME] [--segment-entries N]
  Upload the journal to S3 or an S3-compatible server: the export's lines in
  segments named by their SHA-256 (PREFIX/<workspace id>/segments/), each
  read back and checked, then a manifest signed by this device (manifest.json,
  and a dated copy under manifests/ that is never overwritten). A re-run
  uploads only what is missing, so an interrupted run is simply run again.
  --endpoint URL: an S3-compatible server (path-style requests).
  --credentials-secret NAME: keys from the secret store, set with
  \`commandpost connector secret set NAME\` as ACCESS_KEY_ID:SECRET_ACCESS_KEY;
  without it, the AWS default chain (AWS_ACCESS_KEY_ID and
  AWS_SECRET_ACCESS_KEY, ~/.aws, …). Needs this device's key, as an active member.
  --segment-entries N: entries per segment (default ${DEFAULT_SEGMENT_ENTRIES}).
commandpost journal verify s3://BUCKET/PREFIX[/WORKSPACE_ID] [--endpoint URL] [--region R] [--credentials-secret NAME]
  Verify an archive: the manifest's signature, every segment's SHA-256, and
  the segments plus trailer as an export (the checks of journal verify FILE).
  Given the prefix, verifies the one workspace archived there; a URL ending in
  .json verifies that manifest (e.g. an earlier one under manifests/).`;

const S3_OPTIONS = {
  endpoint: { type: 'string' },
  region: { type: 'string' },
  'credentials-secret': { type: 'string' },
} as const;

/** Whether `journal verify` was given an archive rather than a file or directory. */
export const isS3Url = (arg: string): boolean => arg.startsWith('s3://');

/** The s3:// URL of --to (or of `serve --archive-to`), a bad one as a usage error. */
export function archiveTarget(url: string): S3Target {
  try {
    return parseS3Url(url);
  } catch (err) {
    if (err instanceof ArchiveError) throw new UsageError(err.message);
    throw err;
  }
}

/** How to reach the server, from --endpoint, --region and --credentials-secret (or the environment); shared with `serve --archive-to`. */
export async function archiveConnection(ctx: CliContext, values: { endpoint?: string; region?: string; 'credentials-secret'?: string }): Promise<S3Connection> {
  const { endpoint, region } = values;
  if (endpoint !== undefined && !/^https?:\/\/[^/\s]+\/?$/.test(endpoint)) {
    throw new UsageError(`--endpoint ${JSON.stringify(endpoint)}: expected http(s)://HOST[:PORT] of an S3-compatible server`);
  }
  const secret = values['credentials-secret'];
  const credentials =
    secret === undefined
      ? credentialsFromEnv(ctx.io.env)
      : await credentialsFromSecret(await selectSecretStore(ctx.secretStores(), (m) => ctx.warn(m)), secret);
  const envRegion = ctx.io.env.AWS_REGION ?? ctx.io.env.AWS_DEFAULT_REGION;
  const chosenRegion = region ?? (envRegion !== undefined && envRegion !== '' ? envRegion : undefined);
  return {
    ...(endpoint !== undefined ? { endpoint: endpoint.replace(/\/$/, '') } : {}),
    ...(chosenRegion !== undefined ? { region: chosenRegion } : {}),
    ...(credentials !== undefined ? { credentials } : {}),
  };
}

/**
 * Keys from the command's environment (the first link of the AWS default chain).
 * Read here because a command's environment is CliIo.env, which need not be
 * the process's (tests, the app); without them the SDK walks the rest of its chain.
 */
function credentialsFromEnv(env: NodeJS.ProcessEnv): S3Credentials | undefined {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = env;
  if (accessKeyId === undefined || accessKeyId === '' || secretAccessKey === undefined || secretAccessKey === '') return undefined;
  return { accessKeyId, secretAccessKey, ...(sessionToken !== undefined && sessionToken !== '' ? { sessionToken } : {}) };
}

export async function journalArchive(ctx: CliContext, argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...S3_OPTIONS, to: { type: 'string' }, workspace: { type: 'string' }, 'segment-entries': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new UsageError(`journal archive takes no positional arguments (got ${positionals.join(' ')})\n${journalArchiveHelp}`);
  if (values.to === undefined) throw new UsageError(`journal archive needs --to s3://BUCKET/PREFIX\n${journalArchiveHelp}`);
  const to = archiveTarget(values.to);
  const rawSize = values['segment-entries'];
  const segmentEntries = rawSize === undefined ? DEFAULT_SEGMENT_ENTRIES : Number(rawSize);
  if (!Number.isSafeInteger(segmentEntries) || segmentEntries < 1)
    throw new UsageError(`--segment-entries ${JSON.stringify(rawSize)}: expected a whole number ≥ 1`);
  const ws = ctx.openToRead(values.workspace);
  try {
    const me = await ctx.identity(false);
    const bucket = openBucket(to.bucket, await archiveConnection(ctx, values));
    try {
      const r = await archiveWorkspace(ws, { target: to, bucket, signer: me.signer, clock: ctx.clock, segmentEntries, log: (line) => ctx.out(line) });
      ctx.out(
        `Archived ${r.entries} entries of workspace ${ws.id} in ${r.segments} segments to ${s3UrlOf(to, ws.id)}: ` +
          `${r.uploaded} uploaded, ${r.present} already there.`,
      );
      ctx.out(
        r.manifestUrl === null ? 'The manifest already names exactly these segments: none written.' : `Manifest ${r.manifestUrl} (copy ${r.historyUrl}).`,
      );
    } finally {
      bucket.close();
    }
  } finally {
    ws.close();
  }
  return 0;
}

/** `journal verify s3://…`; `print` is journal verify's own report printer, so both kinds of source read alike. */
export async function journalVerifyArchive(ctx: CliContext, argv: string[], print: (source: string, report: ExportVerifyReport) => number): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: S3_OPTIONS, allowPositionals: true, strict: true });
  const [url, ...extra] = positionals;
  if (url === undefined || extra.length > 0) throw new UsageError(`journal verify takes one s3:// URL\n${journalArchiveHelp}`);
  const at = archiveTarget(url);
  const bucket = openBucket(at.bucket, await archiveConnection(ctx, values));
  try {
    const { manifestUrl, manifest, report } = await verifyArchive(bucket, at);
    const code = print(manifestUrl, report);
    if (code === 0) {
      ctx.out(
        `Archive: ${manifest.segments.length} segments, manifest signed by ${manifest.archiver} at ` +
          `${new Date(manifest.archivedAt).toISOString()} (archiver's clock).`,
      );
    }
    return code;
  } finally {
    bucket.close();
  }
}
