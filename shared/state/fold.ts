import type { JsonValue } from '../canonical';
import type { Hasher } from '../journal/crypto';
import type { Header } from '../journal/format';
import { kindSpec } from '../entries/catalogue';
import { REDACTABLE_KINDS } from '../entries/redactionKinds';
import type { ApplyContext } from '../entries/kindSpec';
import { own, type RejectionCategory, type WorkspaceState } from './state';

/** What the fold needs of a stored entry. */
export interface FoldEntry {
  readonly id: string;
  readonly header: Header;
  readonly body: JsonValue | null;
  readonly redactedBy: string | null;
}

export type FoldOutcome = { applied: true } | { applied: false; category: RejectionCategory; reason: string };

function reject(state: WorkspaceState, entry: FoldEntry, category: RejectionCategory, reason: string): FoldOutcome {
  state.rejected[entry.id] = { kind: entry.header.kind, author: entry.header.author, seq: entry.header.seq, category, reason };
  return { applied: false, category, reason };
}

/**
 * Apply one entry to the state, in total order. Entries that may not apply
 * are kept in the journal and recorded here as rejected, with the reason,
 * identically on every peer. `write` is the state the entry's changes go
 * through (the projector passes a view that tracks them); the checks of who
 * may write read `state` directly, since they change nothing.
 */
export function applyEntry(state: WorkspaceState, entry: FoldEntry, hasher: Hasher, write: WorkspaceState = state): FoldOutcome {
  const { header } = entry;
  // A redacted entry is inert, whether this peer still holds its body or only the tombstone.
  if (entry.redactedBy !== null || Object.hasOwn(state.redacted, entry.id)) {
    if (!REDACTABLE_KINDS.includes(header.kind)) return reject(write, entry, 'invalid', `${header.kind} entries cannot be redacted`);
    write.applied += 1;
    return { applied: true };
  }
  const equivocatedAt = state.equivocations[header.author];
  if (equivocatedAt !== undefined && header.seq >= equivocatedAt) {
    return reject(write, entry, 'unauthorized', `author equivocated at seq ${equivocatedAt}; later entries are not applied`);
  }
  const spec = kindSpec(header.kind);
  if (spec === undefined) return reject(write, entry, 'invalid', `unknown entry kind ${header.kind}`);

  if (spec.roles === 'genesis') {
    if (header.seq !== 1) return reject(write, entry, 'invalid', 'genesis must be the first entry of its author');
  } else {
    if (state.workspace === null) return reject(write, entry, 'invalid', 'no genesis entry precedes this entry');
    const member = own(state.members, header.author);
    if (member === undefined) return reject(write, entry, 'unauthorized', 'author is not a member of this workspace');
    if (!member.active) return reject(write, entry, 'unauthorized', 'author was revoked');
    if (!member.roles.some((r) => (spec.roles as readonly string[]).includes(r))) {
      return reject(write, entry, 'unauthorized', `roles ${member.roles.join(', ')} may not write ${header.kind} (needs one of ${spec.roles.join(', ')})`);
    }
  }

  const ctx: ApplyContext = { id: entry.id, header, author: header.author, at: header.hlc.wall, hasher };
  const parsed = spec.body.safeParse(entry.body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return reject(write, entry, 'invalid', `invalid body${at}: ${issue?.message ?? 'does not match the schema'}`);
  }
  const problem = spec.apply(write, parsed.data, ctx);
  if (typeof problem === 'string') return reject(write, entry, 'invalid', problem);
  write.applied += 1;
  return { applied: true };
}
