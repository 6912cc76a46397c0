import { afterEach, describe, expect, it } from 'vitest';
import type { Entry } from '../../../../shared/journal';
import { applyEntry, edgeKey, type Edge, type FoldOutcome } from '../../../../shared/state';
import { foldAll, hasher, hashOf } from '../state/journalBuilder';
import { expectRejected, foldEach, team } from './foldScene';

// Folding catalog.* entries (shared/entries/catalogKinds.ts): add-wins edges, names that are Object.prototype members.

describe('catalog edges: add-wins', () => {
  function catalog() {
    const { b, base } = team();
    const svc = (service: string) => b.append('bob', 'catalog.servicePut', { service, name: service });
    return { b, base: [...base, svc('web'), svc('api'), svc('db')] };
  }

  it('an edge needs known endpoints and no self-dependency', () => {
    const { b, base } = catalog();
    const toUnknown = b.append('bob', 'catalog.edgeAdd', { type: 'dependsOn', from: 'web', to: 'cache' });
    const self = b.append('bob', 'catalog.edgeAdd', { type: 'dependsOn', from: 'api', to: 'api' });
    const ownedByUnknown = b.append('bob', 'catalog.edgeAdd', { type: 'ownedBy', from: 'api', to: 'payments' });
    const removeMissing = b.append('bob', 'catalog.edgeRemove', { type: 'dependsOn', from: 'web', to: 'api', observed: ['c'.repeat(64)] });
    const { state } = foldEach([...base, toUnknown, self, ownedByUnknown, removeMissing]);
    expectRejected(state, toUnknown, 'invalid', 'unknown service cache');
    expectRejected(state, self, 'invalid', 'a service cannot depend on itself');
    expectRejected(state, ownedByUnknown, 'invalid', 'unknown team payments');
    expectRejected(state, removeMissing, 'invalid', 'no such edge');
    expect(state.edges).toEqual({});
  });

  it('a remove takes away the adds it observed', () => {
    const { b, base } = catalog();
    const add = b.append('bob', 'catalog.edgeAdd', { type: 'dependsOn', from: 'web', to: 'api' });
    const key = edgeKey('dependsOn', 'web', 'api');
    expect(foldAll([...base, add]).edges[key]).toEqual({ type: 'dependsOn', from: 'web', to: 'api', tags: [add.id] });
    const remove = b.append('alice', 'catalog.edgeRemove', { type: 'dependsOn', from: 'web', to: 'api', observed: [add.id] });
    expect(foldAll([...base, add, remove]).edges[key]).toBeUndefined();
  });

  it('a remove with none of the current adds is rejected', () => {
    const { b, base } = catalog();
    const add = b.append('bob', 'catalog.edgeAdd', { type: 'dependsOn', from: 'web', to: 'api' });
    const remove = b.append('alice', 'catalog.edgeRemove', { type: 'dependsOn', from: 'web', to: 'api', observed: ['d'.repeat(64)] });
    const state = foldAll([...base, add, remove]);
    expectRejected(state, remove, 'invalid', 'edge has none of the observed adds');
    expect(state.edges[edgeKey('dependsOn', 'web', 'api')]?.tags).toEqual([add.id]);
  });

  it('a concurrent add the remover did not see survives, wherever it falls in the order', () => {
    for (const concurrentFirst of [true, false]) {
      const { b, base } = catalog();
      const add1 = b.append('bob', 'catalog.edgeAdd', { type: 'dependsOn', from: 'web', to: 'api' });
      const wall = add1.header.hlc.wall + 1000;
      // alice saw add1 and removes it; concurrently bob adds the edge again without seeing the remove.
      const entries: Entry[] = [];
      if (concurrentFirst) {
        const add2 = b.append('bob', 'catalog.edgeAdd', { type: 'dependsOn', from: 'web', to: 'api' }, { wall, observe: false });
        const remove = b.append(
          'alice',
          'catalog.edgeRemove',
          { type: 'dependsOn', from: 'web', to: 'api', observed: [add1.id] },
          { wall: wall + 1, observe: false },
        );
        entries.push(add2, remove);
      } else {
        const remove = b.append('alice', 'catalog.edgeRemove', { type: 'dependsOn', from: 'web', to: 'api', observed: [add1.id] }, { wall, observe: false });
        const add2 = b.append('bob', 'catalog.edgeAdd', { type: 'dependsOn', from: 'web', to: 'api' }, { wall: wall + 1, observe: false });
        entries.push(remove, add2);
      }
      const add2 = entries.find((e) => e.header.kind === 'catalog.edgeAdd')!;
      const state = foldAll([...base, add1, ...entries]);
      const edge: Edge | undefined = state.edges[edgeKey('dependsOn', 'web', 'api')];
      expect(edge, `concurrent add ${concurrentFirst ? 'before' : 'after'} the remove`).toBeDefined();
      expect(edge!.tags).toEqual([add2.id]);
      expect(Object.keys(state.rejected)).toEqual([]);
    }
  });

  it('tags stay sorted so the edge is byte-identical on every peer', () => {
    const { b, base } = catalog();
    const adds = [0, 1, 2].map(() => b.append('bob', 'catalog.edgeAdd', { type: 'dependsOn', from: 'api', to: 'db' }));
    const tags = foldAll([...base, ...adds]).edges[edgeKey('dependsOn', 'api', 'db')]!.tags;
    expect(tags).toEqual(adds.map((a) => a.id).sort());
  });
});

describe('catalog names that are also Object.prototype members', () => {
  // Slugs may be any lower-case word, including "constructor": the records of the state are
  // plain objects, so a lookup by that name must not find Object.prototype.constructor.
  const polluted = ['retired', 'status', 'statusSince', 'statusIncident', 'history'];
  afterEach(() => {
    for (const p of polluted) Reflect.deleteProperty(Object, p);
  });

  it('a status for an unknown service named "constructor" is rejected, not thrown', () => {
    const { b, base } = team();
    const status = b.append('carol', 'service.status', { service: 'constructor', status: 'down' });
    const state = foldAll(base);
    let outcome: FoldOutcome | undefined;
    expect(() => {
      outcome = applyEntry(state, status, hasher);
    }).not.toThrow();
    expect(outcome).toEqual({ applied: false, category: 'invalid', reason: 'unknown service' });
  });

  it('retiring an unknown service named "constructor" is rejected, the same way every time', () => {
    const { b, base } = team();
    const retire = b.append('bob', 'catalog.serviceRetire', { service: 'constructor' });
    const first = foldAll([...base, retire]);
    const second = foldAll([...base, retire]);
    expectRejected(first, retire, 'invalid', 'unknown service');
    expect(hashOf(second)).toBe(hashOf(first));
  });

  it.each<[string, string]>([
    ['a note on service "constructor"', 'unknown service'],
    ['a dependsOn edge to service "constructor"', 'unknown service constructor'],
    ['an ownedBy edge to team "constructor"', 'unknown team constructor'],
    ['a task assigned to team "constructor"', 'unknown team constructor'],
  ])('%s that does not exist is rejected', (label, reason) => {
    const { b, base } = team();
    const put = b.append('bob', 'catalog.servicePut', { service: 'api', name: 'API' });
    const open = b.append('bob', 'incident.open', { title: 'x', severity: 3 });
    const entry = label.startsWith('a note')
      ? b.append('carol', 'note.add', { text: 'x', service: 'constructor' })
      : label.startsWith('a dependsOn')
        ? b.append('bob', 'catalog.edgeAdd', { type: 'dependsOn', from: 'api', to: 'constructor' })
        : label.startsWith('an ownedBy')
          ? b.append('bob', 'catalog.edgeAdd', { type: 'ownedBy', from: 'api', to: 'constructor' })
          : b.append('carol', 'task.create', { incident: open.id, title: 'x', assignee: { team: 'constructor' } });
    const state = foldAll([...base, put, open, entry]);
    expectRejected(state, entry, 'invalid', reason);
  });

  it('a real service named "constructor" works like any other', () => {
    const { b, base } = team();
    const put = b.append('bob', 'catalog.servicePut', { service: 'constructor', name: 'Constructor service' });
    const down = b.append('carol', 'service.status', { service: 'constructor', status: 'down' });
    const state = foldAll([...base, put, down]);
    expect(Object.hasOwn(state.services, 'constructor')).toBe(true);
    expect(state.services['constructor']).toMatchObject({ status: 'down', history: [{ status: 'down', entry: down.id }] });
    expect(state.rejected).toEqual({});
  });
});
