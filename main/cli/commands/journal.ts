import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { nodeCrypto } from '../../crypto';
import { JournalStore, exportJsonl, readJsonl, verifyEntriesParallel, type VerifyFailure, type VerifyReport } from '../../journal';
import { toWire } from '../../../shared/journal';
import { JOURNAL_FILE } from '../../workspace';
import type { CliContext } from '../context';
import { UsageError } from '../context';

export const journalHelp = `commandpost journal export [--workspace DIR] --out FILE.jsonl
  Write every entry as JSON Lines (one entry per line, total order).
commandpost journal verify WORKSPACE_DIR|FILE.jsonl
  Check every signature, id, chain link, seq gap, body hash (unless redacted),
  redaction and author authorization. Exits 1 and names author, seq and entry
  id of each failure.`;

const MAX_LISTED = 50;

function describe(f: VerifyFailure): string {
  const where = [
    f.line !== undefined ? `line ${f.line}` : null,
    f.author !== undefined ? `author ${f.author}` : null,
    f.seq !== undefined ? `seq ${f.seq}` : null,
    f.id !== undefined ? `entry ${f.id}` : null,
  ].filter(Boolean);
  return `${where.join(', ')}: ${f.reason}`;
}

function printReport(ctx: CliContext, source: string, report: VerifyReport): number {
  for (const f of report.failures.slice(0, MAX_LISTED)) ctx.warn(`FAIL ${describe(f)}`);
  if (report.failures.length > MAX_LISTED) ctx.warn(`… and ${report.failures.length - MAX_LISTED} more failures`);
  if (report.failures.length > 0) {
    // Rule rejections after a failure are mostly its consequences; count them only.
    if (report.rejectedInvalid.length > 0) ctx.warn(`(${report.rejectedInvalid.length} entries also rejected by the rules)`);
    ctx.warn(`${source}: verification FAILED: ${report.failures.length} problem(s) in ${report.entries} entries.`);
    return 1;
  }
  for (const f of report.rejectedInvalid.slice(0, MAX_LISTED)) ctx.out(`note: ${describe(f)}`);
  ctx.out(`${source}: OK: ${report.entries} entries from ${report.authors} author(s) verified (${report.redacted} redacted), state ${report.stateHash}`);
  return 0;
}

export async function journal(ctx: CliContext, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { workspace: { type: 'string' }, out: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (sub === 'export') {
    if (!values.out) throw new UsageError(`journal export needs --out FILE\n${journalHelp}`);
    const ws = ctx.openToRead(values.workspace);
    try {
      const n = exportJsonl(ws.store, values.out);
      ctx.out(`Exported ${n} entries of workspace ${ws.id} to ${values.out}`);
    } finally {
      ws.close();
    }
    return 0;
  }
  if (sub === 'verify') {
    const target = positionals[0] ?? values.workspace;
    if (!target) throw new UsageError(`journal verify needs a workspace directory or a .jsonl file\n${journalHelp}`);
    if (!existsSync(target)) throw new UsageError(`${target}: no such file or directory`);
    if (statSync(target).isDirectory()) {
      const store = JournalStore.open(join(target, JOURNAL_FILE), nodeCrypto, { create: false, readonly: true });
      try {
        const integrity = store.db.pragma('integrity_check', { simple: true });
        const prior: VerifyFailure[] = integrity === 'ok' ? [] : [{ reason: `SQLite integrity check: ${String(integrity)}` }];
        const items = [...store.entriesAfter(null)].map((e) => ({ wire: toWire(e) }));
        return printReport(ctx, target, await verifyEntriesParallel(nodeCrypto, items, prior));
      } finally {
        store.close();
      }
    }
    const failures: VerifyFailure[] = [];
    const items = await readJsonl(target, (f) => failures.push(f));
    return printReport(ctx, target, await verifyEntriesParallel(nodeCrypto, items, failures));
  }
  throw new UsageError(journalHelp);
}
