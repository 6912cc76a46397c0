import { z } from 'zod';
import { own } from '../state/state';
import { defineKind } from './kindSpec';
import { EntryRef, Slug } from './ids';
import { PARTICIPANTS } from './roles';

export const noteAdd = defineKind({
  kind: 'note.add',
  body: z.strictObject({
    text: z.string().min(1).max(20_000),
    incident: EntryRef.nullable().default(null),
    service: Slug.nullable().default(null),
  }),
  roles: PARTICIPANTS,
  describe: (b) => `note: ${b.text}`,
  // Checked, then kept in the journal only: notes are read from there (journal:page).
  apply(state, body) {
    if (body.incident !== null && own(state.incidents, body.incident) === undefined) return 'unknown incident';
    if (body.service !== null && own(state.services, body.service) === undefined) return 'unknown service';
  },
});
