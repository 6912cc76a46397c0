import { UsageError } from './context';

/** Accept a full entry id or an unambiguous prefix of at least 6 hex digits (as printed by the CLI). */
export function resolveRef(what: string, ref: string, ids: Iterable<string>): string {
  if (!/^[0-9a-f]{6,64}$/.test(ref)) throw new UsageError(`${what} ${JSON.stringify(ref)}: expected an id or a prefix of at least 6 hex digits`);
  const matches = [...ids].filter((id) => id.startsWith(ref));
  if (matches.length === 0) throw new UsageError(`no ${what} with id ${ref}`);
  if (matches.length > 1) throw new UsageError(`${what} id ${ref} is ambiguous (${matches.length} match); give more digits`);
  return matches[0]!;
}

export function short(id: string): string {
  return id.slice(0, 8);
}
