import type { Entry } from '../../shared/journal';
import { RedactBody } from '../../shared/entries';
import type { JournalStore } from '../journal';

/**
 * Delete the bodies the fold says are redacted: targets of newly accepted
 * redactions, and new entries that an earlier redaction already named. The
 * fold gives the same state with or without the bodies; this is about not
 * keeping data that was ordered deleted. null: sweep every redaction (on
 * open, in case a crash came between a fold and its deletion).
 */
export function deleteRedactedBodies(store: JournalStore, redacted: Readonly<Record<string, string>>, entries: readonly Entry[] | null): void {
  if (entries === null) {
    for (const [target, by] of Object.entries(redacted)) store.tombstone(target, by);
    return;
  }
  for (const e of entries) {
    if (Object.hasOwn(redacted, e.id)) store.tombstone(e.id, redacted[e.id]!);
    if (e.header.kind !== 'journal.redact') continue;
    const body = RedactBody.safeParse(e.body);
    if (body.success && redacted[body.data.target] === e.id) store.tombstone(body.data.target, e.id);
  }
}
