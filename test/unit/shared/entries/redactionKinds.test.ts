import { describe, expect, it } from 'vitest';
import { foldAll, hashOf, redacted } from '../state/journalBuilder';
import { expectRejected, team } from './foldScene';

// Folding journal.redact entries (shared/entries/redactionKinds.ts).

describe('redaction', () => {
  function noted() {
    const { b, base } = team();
    const open = b.append('bob', 'incident.open', { title: 'Leak', severity: 1 });
    const note = b.append('carol', 'note.add', { text: 'customer jane@example.com called', incident: open.id });
    const redact = b.append('alice', 'journal.redact', { target: note.id, targetKind: 'note.add', reason: 'personal data' });
    return { b, base: [...base, open], open, note, redact };
  }

  it('a redacted note leaves the projection, and folding its tombstone gives the same state as its body then the redaction', () => {
    const { base, note, redact } = noted();
    const withBody = foldAll([...base, note, redact]);
    const tombstoned = foldAll([...base, redacted(note, redact.id), redact]);
    expect(withBody.rejected[note.id]).toBeUndefined();
    expect(withBody.redacted).toEqual({ [note.id]: redact.id });
    expect(hashOf(tombstoned)).toBe(hashOf(withBody));
    expect(withBody.rejected).toEqual({});
  });

  it('a redaction that sorts before its target still removes it, with or without the body', () => {
    const { b, base } = noted();
    const later = b.append('carol', 'note.add', { text: 'phone 555-0100' });
    const redact = b.append('alice', 'journal.redact', { target: later.id, targetKind: 'note.add', reason: 'personal data' });
    // Deliver the redaction first in total order by folding it before the note.
    const withBody = foldAll([...base, redact, later]);
    const tombstoned = foldAll([...base, redact, redacted(later, redact.id)]);
    expect(withBody.redacted[later.id]).toBe(redact.id);
    expect(hashOf(tombstoned)).toBe(hashOf(withBody));
  });

  it('before the redaction is folded, the note has its text', () => {
    const { base, note } = noted();
    expect(foldAll([...base, note]).rejected[note.id]).toBeUndefined();
  });

  it('only admins redact, and only redactable kinds', () => {
    const { b, base, open, note } = noted();
    const byCommander = b.append('bob', 'journal.redact', { target: note.id, targetKind: 'note.add', reason: 'x' });
    const incident = b.append('alice', 'journal.redact', { target: open.id, targetKind: 'incident.open', reason: 'x' });
    const state = foldAll([...base, note, byCommander, incident]);
    expectRejected(state, byCommander, 'unauthorized', /may not write journal.redact/);
    expectRejected(state, incident, 'invalid', 'entries of kind incident.open cannot be redacted');
    expect(state.redacted[note.id]).toBeUndefined();
    // An entry of a kind without a redacted form cannot be folded without its body.
    const s2 = foldAll([...base.filter((e) => e.id !== open.id), redacted(open, 'e'.repeat(64))]);
    expectRejected(s2, open, 'invalid', 'incident.open entries cannot be redacted');
  });

  it('a redacted note that its body would have had rejected ends the same as its tombstone', () => {
    // Peers may hold the body (rejected: unknown incident) or only the tombstone (no checks
    // possible): once redacted, both count it as inert, so peers with the same entries agree.
    const { b, base } = noted();
    const stray = b.append('carol', 'note.add', { text: 'typo in the incident id', incident: 'a'.repeat(64) });
    const redactStray = b.append('alice', 'journal.redact', { target: stray.id, targetKind: 'note.add', reason: 'personal data' });
    expectRejected(foldAll([...base, stray]), stray, 'invalid', 'unknown incident');
    const withBody = foldAll([...base, stray, redactStray]);
    const tombstoned = foldAll([...base, redacted(stray, redactStray.id), redactStray]);
    expect(withBody.rejected[stray.id]).toBeUndefined();
    expect(hashOf(tombstoned)).toBe(hashOf(withBody));
  });

  it('an unauthorized note, once redacted, is inert the same way with or without its body', () => {
    const { b, base } = noted();
    const byObserver = b.append('dave', 'note.add', { text: 'observer note' });
    const redact = b.append('alice', 'journal.redact', { target: byObserver.id, targetKind: 'note.add', reason: 'x' });
    expectRejected(foldAll([...base, byObserver]), byObserver, 'unauthorized', /^roles observer may not write note.add/);
    const withBody = foldAll([...base, byObserver, redact]);
    const tombstoned = foldAll([...base, redacted(byObserver, redact.id), redact]);
    expect(withBody.redacted[byObserver.id]).toBe(redact.id);
    expect(hashOf(tombstoned)).toBe(hashOf(withBody));
  });
});
