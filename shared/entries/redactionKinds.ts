import { z } from 'zod';
import { defineKind } from './kindSpec';
import { EntryRef, KindRef } from './ids';

// A redaction replaces another entry's body with a tombstone. The target's
// signature covers only its bodyHash, so the journal still verifies. The
// store swaps the body out when it stores the redaction (or the target, if it
// arrives later); the fold sees the same thing either way.

/** Kinds whose bodies may be redacted (free text that can hold personal data). */
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
  apply(state, body, ctx) {
    if (!REDACTABLE_KINDS.includes(body.targetKind)) return `entries of kind ${body.targetKind} cannot be redacted`;
    const note = state.notes[body.target];
    // A target later in the order is folded redacted when it comes.
    if (note !== undefined) {
      note.text = null;
      note.incident = null;
      note.service = null;
      note.redactedBy = ctx.id;
    }
  },
});
