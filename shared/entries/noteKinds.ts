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
  apply(state, body, ctx) {
    if (body.incident !== null && own(state.incidents, body.incident) === undefined) return 'unknown incident';
    if (body.service !== null && own(state.services, body.service) === undefined) return 'unknown service';
    state.notes[ctx.id] = {
      id: ctx.id,
      incident: body.incident,
      service: body.service,
      author: ctx.author,
      at: ctx.at,
      text: body.text,
    };
  },
});
