import type { JsonValue } from '../../shared/canonical';

// What a pseudonymised export keeps of each entry body. An allowlist: a
// field is kept verbatim only when a rule here says so; every other string —
// in unlisted fields and in kinds without rules (kinds added later) — is
// replaced. So a new kind can only ever lose detail in this export, never
// leak a name or a sentence. Ids, enums, numbers and catalog data (services
// and teams are the system under exercise, not people) are kept.

/**
 * Per-export pseudonyms. Each person and each distinct text gets the next
 * number in order of first appearance in the journal's total order
 * ("Member 3", "Note text #12 (redacted, 184 chars)"). Numbering rather than
 * a keyed hash (HMAC) or a salted one: a pseudonym then carries no bit of the
 * original, so there is nothing to brute-force (short names and notes are
 * easy to guess against a hash) and no key to keep or leak, while the same
 * input still gets the same pseudonym throughout the file, and the same
 * journal always gives the same file. The mapping lives only in memory.
 */
export class Pseudonyms {
  private readonly members = new Map<string, string>();
  private readonly texts = new Map<string, Map<string, string>>();

  /** The pseudonym of a person, by public key (a person's name maps to their key's pseudonym). */
  member(key: string): string {
    let p = this.members.get(key);
    if (p === undefined) {
      p = `Member ${this.members.size + 1}`;
      this.members.set(key, p);
    }
    return p;
  }

  text(label: string, value: string): string {
    if (value === '') return '';
    const seen = this.texts.get(label) ?? new Map<string, string>();
    this.texts.set(label, seen);
    let p = seen.get(value);
    if (p === undefined) {
      p = `${label} #${seen.size + 1} (redacted, ${[...value].length} chars)`;
      seen.set(value, p);
    }
    return p;
  }

  get counts(): { members: number; texts: number } {
    let texts = 0;
    for (const m of this.texts.values()) texts += m.size;
    return { members: this.members.size, texts };
  }
}

type Rule =
  | { keep: true }
  | { member: true }
  /** A person's name: the pseudonym of the key in the named sibling field. */
  | { nameOf: string }
  | { text: string }
  /** { member: key } or { team: slug }. */
  | { assignee: true };

const keep: Rule = { keep: true };
const member: Rule = { member: true };
const text = (label: string): Rule => ({ text: label });
const assignee: Rule = { assignee: true };
const keepAll = (...fields: string[]): Record<string, Rule> => Object.fromEntries(fields.map((f) => [f, keep]));

const RULES: Readonly<Record<string, Readonly<Record<string, Rule>>>> = {
  'workspace.genesis': { name: text('Workspace name'), creator: member, creatorName: { nameOf: 'creator' }, nonce: keep, createdAt: keep },
  'roster.memberPut': { member, name: { nameOf: 'member' }, roles: keep, teams: keep },
  'roster.memberRevoke': { member, reason: text('Revocation reason') },
  'incident.open': { title: text('Incident title'), severity: keep, summary: text('Incident summary') },
  'incident.update': { incident: keep, title: text('Incident title'), severity: keep, status: keep, summary: text('Incident summary') },
  'incident.commander': { incident: keep, commander: member },
  'incident.resolve': { incident: keep, resolution: text('Resolution') },
  'incident.reopen': { incident: keep, reason: text('Reopen reason') },
  'catalog.teamPut': keepAll('team', 'name', 'channel'),
  'catalog.servicePut': keepAll('service', 'name', 'description', 'tier'),
  'catalog.serviceRetire': keepAll('service'),
  'catalog.edgeAdd': keepAll('type', 'from', 'to'),
  'catalog.edgeRemove': keepAll('type', 'from', 'to', 'observed'),
  'service.status': { service: keep, status: keep, reason: text('Status reason'), incident: keep },
  'task.create': { incident: keep, title: text('Task title'), description: text('Task description'), assignee, due: keep },
  'task.assign': { task: keep, assignee },
  'task.status': keepAll('task', 'status'),
  'task.due': keepAll('task', 'due'),
  'note.add': { text: text('Note text'), incident: keep, service: keep },
  'journal.redact': { target: keep, targetKind: keep, reason: text('Redaction reason') },
};

export function hasPseudonymisationRule(kind: string): boolean {
  return Object.hasOwn(RULES, kind);
}

const ENTRY_ID = /^[0-9a-f]{64}$/;
const MEMBER_KEY = /^[A-Za-z0-9_-]{43}$/;

/**
 * Any value with no rule: entry ids stay (they carry nothing), keys become
 * members, every other string goes, labelled by where it was ("kind field.sub").
 */
function scrub(value: JsonValue, where: string, p: Pseudonyms): JsonValue {
  if (typeof value === 'string') {
    if (ENTRY_ID.test(value)) return value;
    return MEMBER_KEY.test(value) ? p.member(value) : p.text(`Text (${where})`, value);
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, where, p));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v as JsonValue, `${where}.${k}`, p)]));
  }
  return value;
}

function applyRule(rule: Rule | undefined, field: string, value: JsonValue, body: Record<string, JsonValue>, kind: string, p: Pseudonyms): JsonValue {
  const fallback = () => scrub(value, `${kind} ${field}`, p);
  if (rule === undefined) return fallback();
  if ('keep' in rule) return value;
  if ('member' in rule) return typeof value === 'string' ? p.member(value) : fallback();
  if ('nameOf' in rule) {
    const key = body[rule.nameOf];
    if (typeof key === 'string') return p.member(key);
    return typeof value === 'string' ? p.text('Person name', value) : fallback();
  }
  if ('text' in rule) return typeof value === 'string' ? p.text(rule.text, value) : fallback();
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const a = value as Record<string, JsonValue>;
    if (typeof a.member === 'string' && Object.keys(a).length === 1) return { member: p.member(a.member) };
    if (typeof a.team === 'string' && Object.keys(a).length === 1) return { team: a.team };
  }
  return value === null ? null : fallback();
}

/** The body of an entry of `kind` with people and free text replaced. */
export function pseudonymiseBody(kind: string, body: JsonValue, p: Pseudonyms): JsonValue {
  const rules = Object.hasOwn(RULES, kind) ? RULES[kind]! : {};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return scrub(body, kind, p);
  const record = body as Record<string, JsonValue>;
  const ruleOf = (field: string) => (Object.hasOwn(rules, field) ? rules[field] : undefined);
  return Object.fromEntries(Object.entries(record).map(([field, value]) => [field, applyRule(ruleOf(field), field, value, record, kind, p)]));
}
