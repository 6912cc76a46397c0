import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { EntryDraft } from '../../shared/entries';
import type { Entry } from '../../shared/journal';
import type { WorkspaceState } from '../../shared/state';
import {
  catalogDrafts,
  countCatalogDrafts,
  formatNote,
  parseCatalogInfo,
  planBackstageImport,
  type ImportedEntity,
  type LocatedEntity,
  type SourceNote,
} from '../../shared/catalog';
import { assertMayWrite } from '../journal';

/** An import that cannot go ahead; nothing was written. Every problem names file, line and field. */
export class BackstageImportError extends Error {
  constructor(readonly problems: readonly SourceNote[]) {
    const shown = problems.slice(0, 20).map((p) => `  ${formatNote(p)}`);
    const more = problems.length > 20 ? [`  … and ${problems.length - 20} more`] : [];
    super([`Backstage import failed, nothing was imported (${problems.length} problem(s)):`, ...shown, ...more].join('\n'));
    this.name = 'BackstageImportError';
  }
}

export interface BackstageImportReport {
  files: string[];
  /** Entities read into the catalog (services and teams), by entity ref. */
  imported: ImportedEntity[];
  /** Documents of kinds not imported (Location, User, Template, Domain, …). */
  skipped: SourceNote[];
  /** References that did not become edges, owners created as placeholder teams. */
  notes: SourceNote[];
  /** The entries the import makes (or, on a dry run, would make): only what differs from the workspace. */
  drafts: EntryDraft[];
  counts: ReturnType<typeof countCatalogDrafts>;
  /** Entries appended: drafts.length, or 0 on a dry run. */
  appended: number;
  dryRun: boolean;
}

/** What the import needs of a workspace (main/workspace's Workspace is one). */
export interface CatalogWorkspace {
  readonly state: Readonly<WorkspaceState>;
  readonly me: string | null;
  appendManyParallel(items: readonly EntryDraft[]): Promise<Entry[]>;
}

const YAML_FILE = /\.ya?ml$/i;

/**
 * The YAML files to read: files as named, directories searched recursively
 * (skipping dot-folders and node_modules), in sorted order so two imports of
 * the same tree make the same entries.
 */
export function backstageFiles(paths: readonly string[]): { files: string[]; problems: SourceNote[] } {
  const files: string[] = [];
  const problems: SourceNote[] = [];
  const walk = (dir: string) => {
    for (const d of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (d.name.startsWith('.') || d.name === 'node_modules') continue;
      const path = join(dir, d.name);
      if (d.isDirectory()) walk(path);
      else if (d.isFile() && YAML_FILE.test(d.name)) files.push(path);
    }
  };
  for (const path of paths) {
    try {
      if (!statSync(path).isDirectory()) {
        files.push(path);
        continue;
      }
      const before = files.length;
      walk(path);
      if (files.length === before) problems.push({ file: path, line: null, message: 'no .yaml or .yml files in this directory' });
    } catch (err) {
      problems.push({ file: path, line: null, message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
    }
  }
  return { files, problems };
}

/** One file's text and the name its problems are reported under. */
export interface BackstageSource {
  file: string;
  text: string;
}

export interface ParsedSources {
  entities: LocatedEntity[];
  skipped: SourceNote[];
  errors: SourceNote[];
}

/** Check every document of texts already read (the console sends file contents, not paths). */
export function parseBackstageSources(sources: readonly BackstageSource[]): ParsedSources {
  const out: ParsedSources = { entities: [], skipped: [], errors: [] };
  for (const { file, text } of sources) {
    const parsed = parseCatalogInfo(file, text);
    out.entities.push(...parsed.entities);
    out.skipped.push(...parsed.skipped);
    out.errors.push(...parsed.errors);
  }
  return out;
}

/** Read and check every document of the given files; problems are collected, not thrown. */
export function readBackstageFiles(files: readonly string[]): ParsedSources {
  const sources: BackstageSource[] = [];
  const unreadable: SourceNote[] = [];
  for (const file of files) {
    try {
      sources.push({ file, text: readFileSync(file, 'utf8') });
    } catch (err) {
      unreadable.push({ file, line: null, message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
    }
  }
  const parsed = parseBackstageSources(sources);
  return { ...parsed, errors: [...unreadable, ...parsed.errors] };
}

/** What an import of these documents would append to a workspace in `state`; throws BackstageImportError on any problem. */
export function planBackstageDrafts(
  state: Readonly<WorkspaceState>,
  read: ParsedSources,
): Pick<BackstageImportReport, 'imported' | 'skipped' | 'notes' | 'drafts' | 'counts'> {
  if (read.errors.length > 0) throw new BackstageImportError(read.errors);
  const plan = planBackstageImport(read.entities, state);
  if (plan.errors.length > 0) throw new BackstageImportError(plan.errors);
  const drafts = catalogDrafts(plan.desired, state);
  return { imported: plan.imported, skipped: read.skipped, notes: plan.notes, drafts, counts: countCatalogDrafts(drafts) };
}

/**
 * Import Backstage catalog-info.yaml files (or directories of them) into a
 * workspace. All or nothing: any error (broken YAML, a missing required
 * field, an ambiguous reference) throws BackstageImportError and writes
 * nothing; unknown kinds are skipped and reported. Only what differs from the
 * workspace is appended, in one transaction, so re-importing the same files
 * appends nothing.
 */
export async function importBackstage(ws: CatalogWorkspace, paths: readonly string[], opts: { dryRun?: boolean } = {}): Promise<BackstageImportReport> {
  const { files, problems } = backstageFiles(paths);
  const read = readBackstageFiles(files);
  const planned = planBackstageDrafts(ws.state, { ...read, errors: [...problems, ...read.errors] });
  const dryRun = opts.dryRun ?? false;
  if (!dryRun && planned.drafts.length > 0) {
    // Every catalog kind has the same writers; say so before signing anything.
    assertMayWrite(ws.state, ws.me, planned.drafts[0]!.kind);
    await ws.appendManyParallel(planned.drafts);
  }
  return {
    files,
    ...planned,
    appended: dryRun ? 0 : planned.drafts.length,
    dryRun,
  };
}
