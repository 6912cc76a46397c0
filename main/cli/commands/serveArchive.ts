import type { Signer } from '../../../shared/journal';
import { startArchiveSchedule, type ArchiveSchedule, type S3Connection, type S3Target } from '../../archive';
import { nodeTimers } from '../../clock';
import { parseAge } from '../../journal';
import type { CliContext } from '../context';
import { UsageError } from '../context';
import { archiveConnection, archiveTarget } from './journalArchive';

// `serve --archive-to s3://…`: the relay archives its journal on a schedule
// (main/archive), the same upload as `journal archive`.

export const archiveOptions = {
  'archive-to': { type: 'string' },
  'archive-every': { type: 'string' },
  'archive-endpoint': { type: 'string' },
  'archive-region': { type: 'string' },
  'archive-credentials-secret': { type: 'string' },
} as const;

export const archiveHelp = `  --archive-to s3://BUCKET/PREFIX [--archive-every AGE]: archive the journal at once and then every AGE
  (default 15m; e.g. 1h) as \`journal archive\` does (docs/archive.md); --archive-endpoint URL, --archive-region R,
  --archive-credentials-secret NAME as --endpoint, --region, --credentials-secret there. A failed run is logged
  and tried again at the next.`;

const DEFAULT_EVERY = '15m';

interface ArchiveValues {
  'archive-to'?: string | undefined;
  'archive-every'?: string | undefined;
  'archive-endpoint'?: string | undefined;
  'archive-region'?: string | undefined;
  'archive-credentials-secret'?: string | undefined;
}

export interface ArchivePlan {
  target: S3Target;
  connection: S3Connection;
  everyMs: number;
}

/** The schedule from serve's flags (credentials read now, so a missing secret stops serve before it starts); null without --archive-to. */
export async function archivePlan(ctx: CliContext, values: ArchiveValues): Promise<ArchivePlan | null> {
  const to = values['archive-to'];
  if (to === undefined) {
    for (const flag of ['archive-every', 'archive-endpoint', 'archive-region', 'archive-credentials-secret'] as const)
      if (values[flag] !== undefined) throw new UsageError(`--${flag} goes with --archive-to s3://BUCKET/PREFIX`);
    return null;
  }
  const every = values['archive-every'] ?? DEFAULT_EVERY;
  const everyMs = parseAge(every);
  if (everyMs === null) throw new UsageError(`--archive-every ${JSON.stringify(every)}: expected an age such as 15m, 1h or 1d`);
  const connection = await archiveConnection(ctx, {
    ...(values['archive-endpoint'] !== undefined ? { endpoint: values['archive-endpoint'] } : {}),
    ...(values['archive-region'] !== undefined ? { region: values['archive-region'] } : {}),
    ...(values['archive-credentials-secret'] !== undefined ? { 'credentials-secret': values['archive-credentials-secret'] } : {}),
  });
  return { target: archiveTarget(to), connection, everyMs };
}

export function startArchive(ctx: CliContext, plan: ArchivePlan | null, opts: { workspaceDir: string; signer: Signer }): ArchiveSchedule | null {
  if (plan === null) return null;
  return startArchiveSchedule({
    workspaceDir: opts.workspaceDir,
    target: plan.target,
    connection: plan.connection,
    signer: opts.signer,
    clock: ctx.clock,
    timers: nodeTimers,
    everyMs: plan.everyMs,
    log: (line) => ctx.warn(`commandpost serve: archive: ${line}`),
  });
}
