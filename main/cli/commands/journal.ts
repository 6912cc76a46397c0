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
  retentionCandidates,
  verifyEntriesParallel,
  verifyExportFile,
  writeRefusal,
  type RetentionReport,
  type VerifyFailure,
  type VerifyReport,
} from '../../journal';
import { toWire } from '../../../shared/journal';
import { own } from '../../../shared/state';
import { JOURNAL_FILE } from '../../workspace';
import { describeIdentity } from '../../identity';
import type { CliContext } from '../context';
import { UsageError } from '../context';
import { isS3Url, journalArchive, journalArchiveHelp, journalVerifyArchive } from './journalArchive';

/** Retention shorter than this deletes what may still be needed for the response: it is confirmed first. */
const SHORT_RETENTION_DAYS = 7;
const DAY_MS = 86_400_000;

export const journalHelp = `commandpost journal export [--workspace DIR] --out FILE.jsonl [--pseudonymise]
  Write every entry as JSON Lines (one entry per line, total order), then a
  trailer signed by this device (entry count and every author's last entry),
  so a verifier notices entries cut off. Needs this device's key, as an
  active member of the workspace.
  --pseudonymise (or --pseudonymize): replace people with "Member N" and free
  text with numbered placeholders, for sharing an exercise outside the team.
  Such a file is NOT a verifiable journal (no signatures, changed bodies).
commandpost journal retain --older-than AGE [--kinds KIND[,KIND]] [--workspace DIR] [--dry-run] [--yes]
  Retention: redact the bodies of entries older than AGE (e.g. 30d, 12h, 2w)
  by signed journal.redact entries; headers stay and the journal still
  verifies. Kinds default to ${DEFAULT_RETENTION_KINDS.join(', ')}. Already redacted entries are
  skipped. Needs the admin role. --dry-run lists what would be redacted.
  First says what it will redact (count per kind, time range). An AGE under
  ${SHORT_RETENTION_DAYS} days asks for confirmation on a terminal; without one it needs --yes.
commandpost journal verify WORKSPACE_DIR|FILE.jsonl [--allow-untrailed]
  Check every signature, id, chain link, seq gap, hlc order, workspace id,
  body hash (unless redacted), redaction and author authorization, and for an
  export its signed trailer. Exits 1 and names line, author, seq and entry id
  of each failure. --allow-untrailed accepts an export without a trailer
  (written by an older version), which cannot show entries cut off.
${journalArchiveHelp}`;

const MAX_LISTED = 50;

function describe(f: VerifyFailure): string {
  const where = [
    f.line !== undefined ? `line ${f.line}` : null,
    f.author !== undefined ? `author ${f.author}` : null,
    f.seq !== undefined ? `seq ${f.seq}` : null,
    f.id !== undefined ? `entry ${f.id}` : null,
  ].filter(Boolean);
  return where.length === 0 ? f.reason : `${where.join(', ')}: ${f.reason}`;
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
  // Archives take S3 flags (endpoint, region, credentials) that the file and directory forms do not.
  if (sub === 'archive') return journalArchive(ctx, rest);
  if (sub === 'verify' && rest.some(isS3Url)) return journalVerifyArchive(ctx, rest, (source, report) => printReport(ctx, source, report));
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
      yes: { type: 'boolean' },
      'allow-untrailed': { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (sub === 'export') {
    if (!values.out) throw new UsageError(`journal export needs --out FILE\n${journalHelp}`);
    const pseudonymise = values.pseudonymise === true || values.pseudonymize === true;
    const ws = ctx.openToRead(values.workspace);
    try {
      if (pseudonymise) {
        const r = exportPseudonymised(ws.store, ws.id, values.out);
        ctx.out(`Exported ${r.entries} entries of workspace ${ws.id} to ${values.out}, pseudonymised: ${r.members} people, ${r.texts} texts replaced.`);
        const unruled = Object.entries(r.unruledKinds).map(([k, n]) => `${k} (${n})`);
        if (unruled.length > 0) ctx.warn(`note: no pseudonymisation rule for ${unruled.join(', ')}: every string in them was replaced.`);
        ctx.out('This file is for sharing, not evidence: it cannot be verified (`journal verify` refuses it).');
      } else {
        // The trailer is signed by this device; pseudonymised exports carry none (they are not evidence).
        const me = await ctx.identity(false);
        const member = own(ws.state.members, me.publicKey);
        if (member === undefined || !member.active) {
          ctx.warn(
            `This device (${me.publicKey}) is not an active member of workspace ${ws.id}, so the trailer it signs would not verify. ` +
              'Export from a member device, or verify the workspace directory itself (journal verify DIR).',
          );
          return 1;
        }
        const n = exportJsonl(ws.store, values.out, { signer: me.signer, workspace: ws.id, clock: ctx.clock });
        ctx.out(`Exported ${n} entries of workspace ${ws.id} to ${values.out}, signed by ${member.name} (${me.publicKey})`);
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
    const report = await verifyExportFile(nodeCrypto, target, { allowUntrailed: values['allow-untrailed'] === true });
    for (const note of report.notes) ctx.warn(`note: ${note}`);
    const code = printReport(ctx, target, report);
    const t = report.trailer;
    if (code === 0 && t !== null) {
      ctx.out(
        `Trailer: ${t.entries} entries and ${Object.keys(t.heads).length} chain head(s) as exported by ${t.exporter} at ` +
          `${new Date(t.exportedAt).toISOString()} (exporter's clock).`,
      );
    }
    return code;
  }
  if (sub === 'retain') return retain(ctx, values);
  throw new UsageError(journalHelp);
}

interface RetainFlags {
  workspace?: string;
  'older-than'?: string;
  kinds?: string;
  'dry-run'?: boolean;
  yes?: boolean;
}

async function retain(ctx: CliContext, values: RetainFlags): Promise<number> {
  const label = values['older-than'];
  if (label === undefined) throw new UsageError(`journal retain needs --older-than AGE (e.g. 30d)\n${journalHelp}`);
  const olderThanMs = parseAge(label);
  if (olderThanMs === null) throw new UsageError(`--older-than ${JSON.stringify(label)}: expected a positive age such as 90m, 12h, 30d or 2w`);
  const kinds =
    values.kinds === undefined
      ? DEFAULT_RETENTION_KINDS
      : values.kinds
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean);
  const badKinds = checkRetentionKinds(kinds);
  if (badKinds !== null) throw new UsageError(`--kinds: ${badKinds}`);
  const dryRun = values['dry-run'] ?? false;
  // A dry run only reads: no private key needed, but it still says whether this device could apply it.
  const ws = dryRun ? ctx.openToRead(values.workspace) : await ctx.openAsMe(values.workspace);
  const checkAs = dryRun ? ((await describeIdentity(ctx.configDir))?.publicKey ?? null) : null;
  try {
    const policy = { olderThanMs, kinds, label };
    if (!dryRun) {
      // Say what will go before anything is signed; a short limit is confirmed first.
      const candidates = retentionCandidates(ws, policy, ctx.clock.now());
      if (candidates.length > 0 && writeRefusal(ws.state, ws.me, 'journal.redact') === null) {
        ctx.out(retentionPlan(candidates, label));
        if (olderThanMs < SHORT_RETENTION_DAYS * DAY_MS && !(await confirmShortRetention(ctx, label, values.yes === true))) return 1;
      }
    }
    printRetention(ctx, await applyRetention(ws, policy, ctx.clock, { dryRun, checkAs }), kinds, label);
  } finally {
    ws.close();
  }
  return 0;
}

/** "Will redact 3 note.add bodies written 2025-06-15T…Z … 2025-06-16T…Z", one line per kind. */
function retentionPlan(candidates: readonly { kind: string; wall: number }[], label: string): string {
  const byKind = new Map<string, { n: number; from: number; to: number }>();
  for (const c of candidates) {
    const k = byKind.get(c.kind) ?? { n: 0, from: c.wall, to: c.wall };
    byKind.set(c.kind, { n: k.n + 1, from: Math.min(k.from, c.wall), to: Math.max(k.to, c.wall) });
  }
  const iso = (ms: number) => new Date(ms).toISOString();
  const lines = [...byKind].map(([kind, k]) => `  ${k.n} ${kind} bodies, written ${iso(k.from)} … ${iso(k.to)}`);
  return [`Retention (older than ${label}) will redact ${candidates.length} entry bodies for good:`, ...lines].join('\n');
}

/** Ask on the terminal; without one, only --yes goes ahead. */
async function confirmShortRetention(ctx: CliContext, label: string, yes: boolean): Promise<boolean> {
  const why = `--older-than ${label} is under ${SHORT_RETENTION_DAYS} days: it deletes text the current response may still need`;
  if (yes) return true;
  const stdin = ctx.io.stdin;
  if (stdin === null || stdin.isTTY !== true) {
    ctx.warn(`${why}. Nothing was redacted; run again with --yes to confirm (there is no terminal to ask on).`);
    return false;
  }
  ctx.io.stderr(`${why}. Redact these bodies? Type "yes" to go ahead: `);
  const answer = await readAnswer(stdin);
  if (answer.trim().toLowerCase() === 'yes' || answer.trim().toLowerCase() === 'y') return true;
  ctx.warn('Not confirmed; nothing was redacted.');
  return false;
}

/** One line from the terminal (or its end). */
function readAnswer(stdin: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: string | Buffer) => {
      text += String(chunk);
      if (text.includes('\n') || text.includes('\r')) finish();
    };
    const finish = () => {
      stdin.off('data', onData);
      stdin.off('end', finish);
      stdin.pause();
      resolve(text.split(/[\r\n]/)[0] ?? '');
    };
    stdin.setEncoding('utf8');
    stdin.on('data', onData);
    stdin.on('end', finish);
    stdin.resume();
  });
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
