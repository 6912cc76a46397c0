import { parseArgs } from 'node:util';
import { describeCatalogDraft, formatNote } from '../../../shared/catalog';
import { importBackstage, type BackstageImportReport } from '../../catalog';
import type { CliContext } from '../context';
import { UsageError } from '../context';

export const catalogHelp = `commandpost catalog import FILE|DIR... [--workspace DIR] [--dry-run]
  Read Backstage catalog-info.yaml files (or directories of them) into the
  catalog graph: Components, Resources, APIs and Systems become services,
  Groups become teams; spec.owner, dependsOn, consumesApis, providesApis and
  system become edges (docs/backstage-import.md). Only what differs from the
  workspace is appended, so importing again changes nothing. Other kinds
  (User, Location, Template, Domain, …) are reported and skipped. Any error
  (file, line and field given) means nothing is imported. Needs the admin or
  commander role. --dry-run lists the entries it would append.`;

function printReport(ctx: CliContext, r: BackstageImportReport): void {
  ctx.out(`Read ${r.files.length} file(s): ${r.imported.length} entities imported, ${r.skipped.length} document(s) skipped.`);
  for (const s of r.skipped) ctx.out(`skipped: ${formatNote(s)}`);
  for (const n of r.notes) ctx.out(`note: ${formatNote(n)}`);
  const c = r.counts;
  const what = `${c.teams} team(s), ${c.services} service(s), ${c.edgesAdded} edge(s) added, ${c.edgesRemoved} removed`;
  if (r.drafts.length === 0) {
    ctx.out('The workspace already matches: nothing to append.');
  } else if (r.dryRun) {
    for (const d of r.drafts) ctx.out(`  ${describeCatalogDraft(d)}`);
    ctx.out(`Dry run: would append ${r.drafts.length} entries (${what}); nothing written.`);
  } else {
    ctx.out(`Appended ${r.appended} entries: ${what}.`);
  }
}

export async function catalog(ctx: CliContext, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { workspace: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (sub !== 'import') throw new UsageError(catalogHelp);
  if (positionals.length === 0) throw new UsageError(`catalog import needs a file or directory\n${catalogHelp}`);
  const dryRun = values['dry-run'] ?? false;
  // A dry run only reads, so it needs no device key.
  const ws = dryRun ? ctx.openToRead(values.workspace) : await ctx.openAsMe(values.workspace);
  try {
    printReport(ctx, await importBackstage(ws, positionals, { dryRun }));
  } finally {
    ws.close();
  }
  return 0;
}
