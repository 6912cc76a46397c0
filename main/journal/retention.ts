import type { Clock } from '../../shared/clock';
import { REDACTABLE_KINDS, kindSpec, type EntryDraft } from '../../shared/entries';
import type { Entry } from '../../shared/journal';
import { own, type WorkspaceState } from '../../shared/state';
import type { JournalStore } from './store';

// Retention: the bodies of free-text entries (notes) older than a limit are
// redacted by signed journal.redact entries. Headers stay, so every chain and
// signature still verifies and the timeline still shows that something was
// said, by whom and when; only what was said goes. Age is measured on the
// entry's HLC wall time against the injected Clock, so exercises on a
// simulated clock and tests age entries the same way a real run does.

/** The kinds redacted when none are named: every redactable kind (all free text). */
export const DEFAULT_RETENTION_KINDS: readonly string[] = REDACTABLE_KINDS;

/** Redactions per transaction: bounds memory and lock time; a rerun picks up where a failure stopped. */
const BATCH = 5000;

/** This device may not write an entry kind; says who it is and which roles it would need. */
export class WriteNotAllowedError extends Error {
  constructor(
    readonly kind: string,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'WriteNotAllowedError';
  }
}

/**
 * Why this device may not write `kind` now (null: it may), checked against
 * the roster exactly as the fold will check it, so a command can refuse with
 * a clear message before doing any work.
 */
export function writeRefusal(state: Readonly<WorkspaceState>, me: string | null, kind: string): string | null {
  const spec = kindSpec(kind);
  if (spec === undefined) return `unknown entry kind ${kind}`;
  if (spec.roles === 'genesis') return `${kind} is written only when a workspace is created`;
  const needs = `${kind} needs one of the roles ${spec.roles.join(', ')}`;
  if (me === null) return `opened without a device identity; ${needs}`;
  const member = own(state.members, me);
  if (member === undefined) return `this device (${me}) is not a member of the workspace; ${needs}`;
  if (!member.active) return `${member.name} (this device) was revoked; ${needs}`;
  if (!member.roles.some((r) => (spec.roles as readonly string[]).includes(r))) {
    return `${needs}; ${member.name} (this device) has ${member.roles.join(', ')}`;
  }
  return null;
}

export function assertMayWrite(state: Readonly<WorkspaceState>, me: string | null, kind: string): void {
  const refusal = writeRefusal(state, me, kind);
  if (refusal !== null) throw new WriteNotAllowedError(kind, refusal);
}

const UNITS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** "30d", "12h", "90m", "2w" → milliseconds; null if the text is not such an age. */
export function parseAge(text: string): number | null {
  const m = /^(\d{1,6})([mhdw])$/.exec(text.trim());
  if (m === null || Number(m[1]) === 0) return null;
  return Number(m[1]) * UNITS[m[2]!]!;
}

export interface RetentionPolicy {
  /** Redact bodies whose entry is older than this. */
  olderThanMs: number;
  /** Entry kinds whose bodies are redacted; each must be redactable. */
  kinds: readonly string[];
  /** Shown in each redaction's reason, e.g. "30d". */
  label: string;
}

export interface RetentionCandidate {
  id: string;
  kind: string;
  wall: number;
  /** Size of the stored body (its canonical JSON text), for the report. */
  bytes: number;
}

export interface RetentionReport {
  /** Entries with an HLC wall time before this are old enough. */
  cutoff: number;
  candidates: RetentionCandidate[];
  appended: number;
  dryRun: boolean;
  /** Why this device could not apply the policy (dry runs report it instead of failing). */
  refusal: string | null;
}

/** What retention needs of a workspace (main/workspace's Workspace is one). */
export interface RetentionWorkspace {
  readonly state: Readonly<WorkspaceState>;
  readonly me: string | null;
  readonly store: JournalStore;
  appendManyParallel(items: readonly EntryDraft[]): Promise<Entry[]>;
}

export function checkRetentionKinds(kinds: readonly string[]): string | null {
  const bad = kinds.filter((k) => !REDACTABLE_KINDS.includes(k));
  if (kinds.length === 0) return 'no entry kinds given';
  return bad.length === 0 ? null : `${bad.join(', ')}: cannot be redacted; redactable kinds are ${REDACTABLE_KINDS.join(', ')}`;
}

/**
 * The entries the policy redacts now: of the given kinds, older than the
 * cutoff, still holding their body and not redacted by an accepted
 * redaction (so a second run finds nothing: retention is idempotent).
 */
export function retentionCandidates(ws: Pick<RetentionWorkspace, 'state' | 'store'>, policy: RetentionPolicy, now: number): RetentionCandidate[] {
  const cutoff = now - policy.olderThanMs;
  const marks = policy.kinds.map(() => '?').join(', ');
  const rows = ws.store.db
    .prepare(
      `SELECT id, kind, wall, length(body) AS bytes FROM entries
       WHERE redacted_by IS NULL AND body IS NOT NULL AND wall < ? AND kind IN (${marks})
       ORDER BY wall, count, author, seq`,
    )
    .all(cutoff, ...policy.kinds) as RetentionCandidate[];
  return rows.filter((r) => !Object.hasOwn(ws.state.redacted, r.id));
}

/** Apply a retention policy: append one signed journal.redact per candidate (unless dryRun). */
export async function applyRetention(
  ws: RetentionWorkspace,
  policy: RetentionPolicy,
  clock: Clock,
  /** checkAs: whose permission a dry run reports on, when the workspace was opened without a signer. */
  opts: { dryRun?: boolean; checkAs?: string | null } = {},
): Promise<RetentionReport> {
  const badKinds = checkRetentionKinds(policy.kinds);
  if (badKinds !== null) throw new RangeError(badKinds);
  const now = clock.now();
  const cutoff = now - policy.olderThanMs;
  const candidates = retentionCandidates(ws, policy, now);
  const dryRun = opts.dryRun ?? false;
  const refusal = writeRefusal(ws.state, ws.me ?? opts.checkAs ?? null, 'journal.redact');
  if (dryRun || candidates.length === 0) return { cutoff, candidates, appended: 0, dryRun, refusal };
  if (refusal !== null) throw new WriteNotAllowedError('journal.redact', `cannot apply retention: ${refusal}`);
  const reason = `retention policy: body older than ${policy.label} (written before ${new Date(cutoff).toISOString()})`;
  let appended = 0;
  for (let i = 0; i < candidates.length; i += BATCH) {
    const drafts = candidates.slice(i, i + BATCH).map((c): EntryDraft => ({ kind: 'journal.redact', body: { target: c.id, targetKind: c.kind, reason } }));
    appended += (await ws.appendManyParallel(drafts)).length;
  }
  return { cutoff, candidates, appended, dryRun, refusal };
}
