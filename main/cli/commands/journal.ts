import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { nodeCrypto } from '../../crypto';
import {
  DEFAULT_RETENTION_KINDS,
  JournalStore,
  applyRetention,
  checkRetentionKinds,
  exportJsonl,
  exportPseudonymised,
  isPseudonymisedExport,
  parseAge,
  readJsonl,
  verifyEntriesParallel,
  type RetentionReport,
  type VerifyFailure,
  type VerifyReport,
} from '../../journal';
import { toWire } from '../../../shared/journal';
import { JOURNAL_FILE } from '../../workspace';
import { describeIdentity } from '../../identity';
import type { CliContext } from '../context';
import { UsageError } from '../context';

export const journalHelp = `commandpost journal export [--workspace DIR] --out FILE.jsonl [--pseudonymise]
  Write every entry as JSON Lines (one entry per line, total order).
  --pseudonymise (or --pseudonymize): replace people with "Member N" and free
  text with numbered placeholders, for sharing an exercise outside the team.
  Such a file is NOT a verifiable journal (no signatures, changed bodies).
commandpost journal retain --older-than AGE [--kinds KIND[,KIND]] [--workspace DIR] [--dry-run]
  Retention: redact the bodies of entries older than AGE (e.g. 30d, 12h, 2w)
  by signed journal.redact entries; headers stay and the journal still
  verifies. Kinds default to ${DEFAULT_RETENTION_KINDS.join(', ')}. Already redacted entries are
  skipped. Needs the admin role. --dry-run lists what would be redacted.
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
    options: {
      workspace: { type: 'string' },
      out: { type: 'string' },
      pseudonymise: { type: 'boolean' },
      pseudonymize: { type: 'boolean' },
      'older-than': { type: 'string' },
      kinds: { type: 'string' },
      'dry-run': { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (sub === 'export') {
    if (!values.out) throw new UsageError(`journal export needs --out FILE\n${journalHelp}`);
    const ws = ctx.openToRead(values.workspace);
    try {
      if (values.pseudonymise || values.pseudonymize) {
        const r = exportPseudonymised(ws.store, ws.id, values.out);
        ctx.out(`Exported ${r.entries} entries of workspace ${ws.id} to ${values.out}, pseudonymised: ${r.members} people, ${r.texts} texts replaced.`);
        const unruled = Object.entries(r.unruledKinds).map(([k, n]) => `${k} (${n})`);
        if (unruled.length > 0) ctx.warn(`note: no pseudonymisation rule for ${unruled.join(', ')}: every string in them was replaced.`);
        ctx.out('This file is for sharing, not evidence: it cannot be verified (`journal verify` refuses it).');
      } else {
        const n = exportJsonl(ws.store, values.out);
        ctx.out(`Exported ${n} entries of workspace ${ws.id} to ${values.out}`);
      }
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
    if (isPseudonymisedExport(target)) {
      ctx.warn(
        `${target}: this is a pseudonymised export (journal export --pseudonymise), not a journal: names and free text ` +
          'were replaced and signatures left out, so it cannot be verified and is no tamper evidence. ' +
          'Verify the workspace or a normal export instead.',
      );
      return 1;
    }
    const failures: VerifyFailure[] = [];
    const items = await readJsonl(target, (f) => failures.push(f));
    return printReport(ctx, target, await verifyEntriesParallel(nodeCrypto, items, failures));
  }
  if (sub === 'retain') return retain(ctx, values);
  throw new UsageError(journalHelp);
}

async function retain(ctx: CliContext, values: { workspace?: string; 'older-than'?: string; kinds?: string; 'dry-run'?: boolean }): Promise<number> {
  const label = values['older-than'];
  if (label === undefined) throw new UsageError(`journal retain needs --older-than AGE (e.g. 30d)\n${journalHelp}`);
  const olderThanMs = parseAge(label);
  if (olderThanMs === null) throw new UsageError(`--older-than ${JSON.stringify(label)}: expected a positive age such as 90m, 12h, 30d or 2w`);
  const kinds = values.kinds === undefined ? DEFAULT_RETENTION_KINDS : values.kinds.split(',').map((k) => k.trim()).filter(Boolean);
  const badKinds = checkRetentionKinds(kinds);
  if (badKinds !== null) throw new UsageError(`--kinds: ${badKinds}`);
  const dryRun = values['dry-run'] ?? false;
  // A dry run only reads: no private key needed, but it still says whether this device could apply it.
  const ws = dryRun ? ctx.openToRead(values.workspace) : await ctx.openAsMe(values.workspace);
  const checkAs = dryRun ? ((await describeIdentity(ctx.configDir))?.publicKey ?? null) : null;
  try {
    printRetention(ctx, await applyRetention(ws, { olderThanMs, kinds, label }, ctx.clock, { dryRun, checkAs }), kinds, label);
  } finally {
    ws.close();
  }
  return 0;
}

function printRetention(ctx: CliContext, r: RetentionReport, kinds: readonly string[], label: string): void {
  const before = `written before ${new Date(r.cutoff).toISOString()}`;
  const scope = `${kinds.join(', ')} bodies older than ${label} (${before})`;
  if (r.candidates.length === 0) {
    ctx.out(`Nothing to redact: no ${kinds.join(', ')} body older than ${label} (${before}) still holds its text.`);
    return;
  }
  if (r.dryRun) {
    for (const c of r.candidates) ctx.out(`  ${c.id}  ${c.kind}  ${new Date(c.wall).toISOString()}  ${c.bytes} bytes`);
    ctx.out(`Dry run: would redact ${r.candidates.length} ${scope}; nothing written.`);
    if (r.refusal !== null) ctx.warn(`note: this device could not apply it: ${r.refusal}`);
    return;
  }
  ctx.out(`Redacted ${r.appended} ${scope} by signed journal.redact entries; headers kept, the journal still verifies.`);
}
