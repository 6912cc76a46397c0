import { parseAllDocuments } from 'yaml';

/** Every non-empty document of a multi-document YAML text, as plain objects. */
export function parse(text: string): Record<string, unknown>[] {
  return parseAllDocuments(text as string)
    .map((d) => d.toJS() as Record<string, unknown> | null)
    .filter((d): d is Record<string, unknown> => d !== null);
}
