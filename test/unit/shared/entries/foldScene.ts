import { expect } from 'vitest';
import type { Entry } from '../../../../shared/journal';
import { applyEntry, emptyState, type FoldOutcome, type WorkspaceState } from '../../../../shared/state';
import { JournalBuilder, hasher } from '../state/journalBuilder';

// The scene the per-kind fold tests share: five people, four of them members.

export type Name = 'alice' | 'bob' | 'carol' | 'dave' | 'erin';
export const NAMES: readonly Name[] = ['alice', 'bob', 'carol', 'dave', 'erin'];

/** Fold entries one by one in the given (total) order, returning each verdict. */
export function foldEach(entries: readonly Entry[]): { state: WorkspaceState; outcomes: FoldOutcome[] } {
  const state = emptyState();
  const outcomes = entries.map((e) => applyEntry(state, e, hasher));
  return { state, outcomes };
}

export function expectRejected(state: WorkspaceState, entry: Entry, category: 'unauthorized' | 'invalid', reason: RegExp | string): void {
  const rejection = state.rejected[entry.id];
  expect(rejection, `entry ${entry.header.kind} should be rejected`).toBeDefined();
  expect(rejection!.category).toBe(category);
  if (typeof reason === 'string') expect(rejection!.reason).toBe(reason);
  else expect(rejection!.reason).toMatch(reason);
  expect(rejection!.kind).toBe(entry.header.kind);
  expect(rejection!.author).toBe(entry.header.author);
  expect(rejection!.seq).toBe(entry.header.seq);
}

/** A workspace with alice (admin, creator), bob (commander), carol (responder), dave (observer); erin is no member. */
export function team(): { b: JournalBuilder<Name>; base: Entry[] } {
  const b = new JournalBuilder<Name>(NAMES);
  const base = [
    b.genesis(),
    b.append('alice', 'roster.memberPut', { member: b.key('bob'), name: 'Bob', roles: ['commander'] }),
    b.append('alice', 'roster.memberPut', { member: b.key('carol'), name: 'Carol', roles: ['responder'], teams: ['sre'] }),
    b.append('alice', 'roster.memberPut', { member: b.key('dave'), name: 'Dave', roles: ['observer'] }),
  ];
  return { b, base };
}

/** team() plus an open incident, opened by carol. */
export function withIncident() {
  const { b, base } = team();
  const open = b.append('carol', 'incident.open', { title: 'Checkout errors', severity: 2 });
  return { b, base: [...base, open], open };
}
