import { parseDocument } from 'yaml';
import { toHex, utf8 } from '../bytes';
import type { Hasher } from '../journal/crypto';
import { BUILTIN_VARS, PHASES, PlaybookSchema, type PlaybookDocument } from './playbookSchema';
import { placeholdersIn } from './template';

// As with policies, the exact text is what is published and hashed; every
// peer parses it itself. The YAML options match main/catalog/yamlFile.ts so
// a file the CLI accepts (with line numbers) is a file every fold accepts.

export type PlaybookParse = { ok: true; document: PlaybookDocument } | { ok: false; reason: string; path: (string | number)[] };

/** Placeholders that name neither an input nor a built-in, with where they are. */
export function unknownPlaceholders(doc: PlaybookDocument): { path: (string | number)[]; name: string } | null {
  const known = new Set<string>([...Object.keys(doc.inputs), ...BUILTIN_VARS]);
  const places: [(string | number)[], unknown][] = [
    ...PHASES.flatMap((phase) => doc[phase].map((s, i): [(string | number)[], unknown] => [[phase, i], s])),
    [['outputs'], doc.outputs],
  ];
  for (const [path, value] of places) {
    const bad = placeholdersIn(value).find((n) => !known.has(n));
    if (bad !== undefined) return { path, name: bad };
  }
  return null;
}

/** The schema plus the placeholder check, so file readers report a bad placeholder with its line too. */
export const PlaybookFileSchema = PlaybookSchema.superRefine((doc, ctx) => {
  const unknown = unknownPlaceholders(doc);
  if (unknown !== null)
    ctx.addIssue({ code: 'custom', path: unknown.path, message: `{{${unknown.name}}} is neither an input nor one of ${BUILTIN_VARS.join(', ')}` });
});

/** Parse playbook text without file or line context (the fold's view; the CLI reports lines). */
export function parsePlaybookText(text: string): PlaybookParse {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax !== undefined) return { ok: false, reason: `invalid YAML: ${syntax.message.split('\n')[0] ?? ''}`, path: [] };
  const parsed = PlaybookFileSchema.safeParse(doc.toJS({ maxAliasCount: 100 }));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = (issue?.path ?? []).filter((p): p is string | number => typeof p !== 'symbol');
    const where = path.length > 0 ? `${path.join('.')}: ` : '';
    return { ok: false, reason: `${where}${issue?.message ?? 'does not match the playbook schema'}`, path };
  }
  return { ok: true, document: parsed.data };
}

/** SHA-256 (hex) of the playbook text's UTF-8 bytes: the version's name. */
export function playbookHash(hasher: Hasher, text: string): string {
  return toHex(hasher.sha256(utf8(text)));
}
