import { LineCounter, isNode, parseAllDocuments, type Document } from 'yaml';
import { BACKSTAGE_API_VERSIONS, BackstageEntity, EntityEnvelope, IMPORTED_KINDS } from './backstageSchema';

// Reads the text of one catalog-info.yaml (any number of `---` documents)
// into entities that know where they came from, so every later problem can
// name file, line and field. Pure: the caller reads the file (main/) or the
// UI hands over text it was given.

/** Something to tell the user about one place in one file. */
export interface SourceNote {
  file: string;
  line: number | null;
  message: string;
}

export interface LocatedEntity {
  entity: BackstageEntity;
  file: string;
  /** Line of the document's first key. */
  line: number;
  /** Line of a field inside the document (falls back to the nearest enclosing node). */
  lineOf(path: readonly (string | number)[]): number;
}

export interface ParsedCatalogFile {
  entities: LocatedEntity[];
  /** Documents of kinds the import does not read (Location, User, Template, Domain, …). */
  skipped: SourceNote[];
  errors: SourceNote[];
}

export function formatNote(n: SourceNote): string {
  return `${n.file}${n.line !== null ? `:${n.line}` : ''}: ${n.message}`;
}

const KNOWN_API_VERSIONS: readonly string[] = BACKSTAGE_API_VERSIONS;
const KNOWN_KINDS: readonly string[] = IMPORTED_KINDS;

export function parseCatalogInfo(file: string, text: string): ParsedCatalogFile {
  const out: ParsedCatalogFile = { entities: [], skipped: [], errors: [] };
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  // An empty file parses to an empty stream, not a list: nothing to import.
  if (!Array.isArray(docs)) return out;
  for (const doc of docs) readDocument(file, doc, lines, out);
  return out;
}

function readDocument(file: string, doc: Document.Parsed, lines: LineCounter, out: ParsedCatalogFile): void {
  const syntax = doc.errors[0];
  if (syntax !== undefined) {
    out.errors.push({ file, line: lines.linePos(syntax.pos[0]).line, message: `invalid YAML: ${syntax.message.split('\n')[0]}` });
    return;
  }
  // A trailing `---` or a comment-only document holds no entity.
  if (doc.contents === null) return;
  const start = doc.contents.range[0];
  const line = lines.linePos(start).line;
  const lineOf = (path: readonly (string | number)[]): number => {
    for (let depth = path.length; depth > 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return line;
  };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    out.errors.push({ file, line, message: `invalid YAML: ${(err as Error).message}` });
    return;
  }
  if (value === null || value === undefined) return; // a document holding only `---` or `~`
  const envelope = EntityEnvelope.safeParse(value);
  if (!envelope.success) {
    // Other YAML in a scanned directory (CI files, compose files) is not an entity: reported, not fatal.
    out.skipped.push({ file, line, message: 'not a Backstage entity (no apiVersion and kind) not imported' });
    return;
  }
  const { kind, apiVersion } = envelope.data;
  if (!KNOWN_KINDS.includes(kind) || !KNOWN_API_VERSIONS.includes(apiVersion)) {
    const what = KNOWN_KINDS.includes(kind) ? `kind ${kind} of apiVersion ${apiVersion}` : `kind ${kind}`;
    out.skipped.push({ file, line: lineOf(['kind']), message: `${what} not imported` });
    return;
  }
  const parsed = BackstageEntity.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = nameOf(value);
    const field = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    out.errors.push({ file, line: lineOf(issue.path as (string | number)[]), message: `${kind}${name ? ` ${name}` : ''}: ${field}${issue.message}` });
    return;
  }
  out.entities.push({ entity: parsed.data, file, line, lineOf });
}

function nameOf(value: unknown): string | null {
  const metadata = (value as { metadata?: { name?: unknown } }).metadata;
  return typeof metadata?.name === 'string' ? metadata.name : null;
}
