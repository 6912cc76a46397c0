import { z } from 'zod';
import { defineKind } from './kindSpec';
import { EntryRef, KindRef } from './ids';

// A redaction takes another entry out of the projection and lets every store
// delete that entry's body; the target's signature covers only its bodyHash,
// so the journal still verifies. The fold gives the same state whether a peer
// still holds the body or only the tombstone: a redacted entry is inert
// (counted, never applied), and folding the redaction clears any rejection
// the target's body earned. Stores delete a body only once the fold has accepted the
// redaction (main/workspace), so an unauthorized one deletes nothing.

/** Kinds whose bodies may be redacted: free text that can hold personal data, with no effect beyond itself. */
export const REDACTABLE_KINDS: readonly string[] = ['note.add'];

export const RedactBody = z.strictObject({
  target: EntryRef,
  targetKind: KindRef,
  reason: z.string().min(1).max(2000),
});

export const journalRedact = defineKind({
  kind: 'journal.redact',
  body: RedactBody,
  roles: ['admin'],
  report: 'setup',
  apply(state, body, ctx) {
    if (!REDACTABLE_KINDS.includes(body.targetKind)) return `entries of kind ${body.targetKind} cannot be redacted`;
    if (Object.hasOwn(state.redacted, body.target)) return 'entry is already redacted';
    state.redacted[body.target] = ctx.id;
    // The target folded with its body may have been rejected; redacted, it is inert like its tombstone.
    if (Object.hasOwn(state.rejected, body.target)) {
      delete state.rejected[body.target];
      state.applied += 1;
    }
  },
});
