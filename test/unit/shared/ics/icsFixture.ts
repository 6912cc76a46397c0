// Test fixture for the ICS rules and documents: a small workspace with a live
// incident, folded entry by entry so each test can read every verdict.
import type { BodyInput, KindName } from '../../../../shared/entries';
import type { Entry } from '../../../../shared/journal';
import { applyEntry, emptyState, type FoldOutcome, type WorkspaceState } from '../../../../shared/state';
import { JournalBuilder, hasher } from '../state/journalBuilder';

export type Name = 'alice' | 'bob' | 'carol' | 'dave' | 'erin' | 'frank';
const NAMES: readonly Name[] = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];

/**
 * alice: admin (creator); bob and carol: commanders; dave: responder (payments);
 * erin: observer; frank: never a member. bob opens the incident, so he commands it.
 */
export class IcsWorld {
  readonly b = new JournalBuilder<Name>(NAMES);
  readonly state: WorkspaceState = emptyState();
  readonly entries: Entry[] = [];
  readonly incident: string;

  constructor() {
    this.b.genesis();
    this.fold(this.b.entries[0]!);
    this.write('alice', 'roster.memberPut', { member: this.key('bob'), name: 'Bob Commander', roles: ['commander'], teams: ['payments'] });
    this.write('alice', 'roster.memberPut', { member: this.key('carol'), name: 'Carol Incoming', roles: ['commander'] });
    this.write('alice', 'roster.memberPut', { member: this.key('dave'), name: 'Dave Responder', roles: ['responder'], teams: ['payments'] });
    this.write('alice', 'roster.memberPut', { member: this.key('erin'), name: 'Erin Observer', roles: ['observer'] });
    this.write('alice', 'catalog.teamPut', { team: 'payments', name: 'Payments', channel: '#payments' });
    this.write('alice', 'catalog.servicePut', { service: 'psp', name: 'PSP adapter' });
    this.write('alice', 'catalog.servicePut', { service: 'api', name: 'Payments API' });
    this.write('alice', 'catalog.servicePut', { service: 'shop', name: 'Shop front' });
    this.write('alice', 'catalog.edgeAdd', { type: 'dependsOn', from: 'api', to: 'psp' });
    this.write('alice', 'catalog.edgeAdd', { type: 'dependsOn', from: 'shop', to: 'api' });
    this.incident = this.write('bob', 'incident.open', { title: 'Card payments failing', severity: 1, summary: 'EU cards time out.' }).entry.id;
    this.write('bob', 'service.status', { service: 'psp', status: 'down', reason: 'acquirer timeouts', incident: this.incident });
  }

  key(name: Name): string {
    return this.b.key(name);
  }

  /** Sign, store and fold one entry; returns it with the fold's verdict. */
  write<K extends KindName>(name: Name, kind: K, body: BodyInput<K>): { entry: Entry; outcome: FoldOutcome } {
    const entry = this.b.append(name, kind, body);
    return { entry, outcome: this.fold(entry) };
  }

  private fold(entry: Entry): FoldOutcome {
    this.entries.push(entry);
    return applyEntry(this.state, entry, hasher);
  }

  /** The state refolded from scratch up to (not including) entry `id`: what it was when that entry was written. */
  stateBefore(id: string): WorkspaceState {
    const state = emptyState();
    for (const e of this.entries) {
      if (e.id === id) break;
      applyEntry(state, e, hasher);
    }
    return state;
  }
}

export function reasonOf(outcome: FoldOutcome): string {
  return outcome.applied ? '(applied)' : outcome.reason;
}
