import { readFileSync } from 'node:fs';
import { LineCounter, isNode, parseDocument } from 'yaml';
import type { z } from 'zod';

/** A YAML file that could not be read, with where and why. */
export class YamlFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly reason: string,
  ) {
    super(`${file}${line !== null ? `:${line}` : ''}: ${reason}`);
    this.name = 'YamlFileError';
  }
}

/**
 * Parse YAML text and check it against a schema. Errors name the file and
 * the line of the offending node, for syntax and schema problems alike.
 */
export function parseYaml<S extends z.ZodType>(file: string, text: string, schema: S): z.output<S> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax !== undefined) {
    throw new YamlFileError(file, lines.linePos(syntax.pos[0]).line, `invalid YAML: ${syntax.message.split('\n')[0]}`);
  }
  const parsed = schema.safeParse(doc.toJS({ maxAliasCount: 100 }));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  // Walk back up the path until a node with a position is found.
  let line: number | null = null;
  for (let depth = issue.path.length; depth >= 0 && line === null; depth--) {
    const node = doc.getIn(issue.path.slice(0, depth) as (string | number)[], true);
    if (isNode(node) && node.range) line = lines.linePos(node.range[0]).line;
  }
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new YamlFileError(file, line, `${where}${issue.message}`);
}

export function readYamlFile<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new YamlFileError(file, null, `cannot read: ${(err as Error).message}`);
  }
  return parseYaml(file, text, schema);
}
