import { z } from 'zod';
import { EntryRefusedError } from '../workspace';
import { flagForPath } from './fieldFlags';

// How a failed command reads on stderr: `commandpost NAME: what went wrong`,
// with the name once (an error that already names the command is not
// prefixed again) and schema paths turned into the flags the user typed.

/** The fold words an invalid entry body as "invalid body at PATH: MESSAGE" (shared/state/fold.ts). */
const INVALID_BODY = /^invalid body at ([^:\s]+): ([\s\S]*)$/;

/** `text` with `prefix: ` in front once, however many times it already began with it (or with `commandpost prefix: `). */
export function prefixOnce(prefix: string, text: string): string {
  let rest = text;
  for (const already of [`commandpost ${prefix}: `, `${prefix}: `]) {
    while (rest.startsWith(already)) rest = rest.slice(already.length);
  }
  return `${prefix}: ${rest}`;
}

/** A line whose leading `name: ` is repeated (a log wrapped by two layers that each add it) with the name once. */
export function withoutRepeatedPrefix(line: string): string {
  return line.replace(/^([\w.-]+: )\1+/, '$1');
}

/** What went wrong, in the CLI's words: flags, not schema paths. */
export function describeError(error: unknown): string {
  if (error instanceof z.ZodError) {
    return error.issues.map((issue) => `${flagForPath(null, issue.path)}: ${issue.message}`).join('; ');
  }
  if (error instanceof EntryRefusedError) {
    const invalid = INVALID_BODY.exec(error.reason);
    if (invalid !== null) {
      const path = (invalid[1] ?? '').split('.');
      return `${flagForPath(error.kind, path)}: ${invalid[2] ?? ''} (${error.kind} refused; nothing was written)`;
    }
  }
  return error instanceof Error ? error.message : String(error);
}

/** The stderr line of a failed command `name`. */
export function errorText(name: string, error: unknown): string {
  return `commandpost ${prefixOnce(name, describeError(error))}`;
}
