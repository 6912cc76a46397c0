// One mapping from where a schema found a problem (an entry body's field, a
// zod path) to what the user typed it as (a flag or a positional), so every
// command's validation errors name `--severity`, not `body.severity` or
// ["severity"]. A field is its own flag (kebab-case) unless listed here.

/** Per entry kind, the fields a CLI user gives under another name. */
const FIELD_FLAGS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'roster.memberPut': { member: '--key', roles: '--role', teams: '--team' },
  'roster.memberRevoke': { member: 'PUBLIC_KEY' },
  'incident.resolve': { incident: 'ID' },
  'service.status': { service: 'SERVICE', status: 'STATUS' },
  'task.create': { due: '--due-in', assignee: '--team or --member' },
  'task.status': { task: 'ID', status: 'STATUS' },
  'note.add': { text: 'TEXT' },
  'exercise.note': { text: 'TEXT' },
  'exercise.clock': { speed: 'the speed' },
};

/** The flag (or positional) a schema path stands for; `kind` is the entry kind when the path is into an entry body. */
export function flagForPath(kind: string | null, path: readonly PropertyKey[]): string {
  const fields = path[0] === 'body' ? path.slice(1) : path;
  const [first, ...rest] = fields.map((part) => (typeof part === 'symbol' ? (part.description ?? '') : String(part)));
  if (first === undefined) return 'the input';
  const flag = (kind === null ? undefined : FIELD_FLAGS[kind]?.[first]) ?? `--${first.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return rest.length > 0 ? `${flag} (at ${rest.join('.')})` : flag;
}
