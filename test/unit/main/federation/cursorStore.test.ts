import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { memoryCursorStore, sqliteCursorStore, type CursorStore } from '../../../../main/federation';
import { migrate } from '../../../../main/journal';

// A relay's position in the stream (migration 006): it survives a restart,
// and holds for one incarnation of the stream only: a stream the hub made
// anew (its store was lost) starts from nothing, so the relay publishes all
// it holds again.

function behaves(store: CursorStore): void {
  expect(store.load('2026-12-04T10:00:00Z')).toEqual(new Map());
  store.save(new Map([['alice', 40]]));
  store.save(new Map([['bob', 7]]));
  store.save(new Map([['alice', 41]]));
  expect(store.load('2026-12-04T10:00:00Z')).toEqual(
    new Map([
      ['alice', 41],
      ['bob', 7],
    ]),
  );
  // The hub lost its store and the stream was made again.
  expect(store.load('2026-12-04T11:30:00Z')).toEqual(new Map());
  store.save(new Map([['bob', 1]]));
  expect(store.load('2026-12-04T11:30:00Z')).toEqual(new Map([['bob', 1]]));
}

describe('federation cursor', () => {
  it('in the workspace database: per stream, per incarnation', () => {
    const db = new Database(':memory:');
    migrate(db);
    behaves(sqliteCursorStore(() => db, 'CP_a'));
    // Another workspace's stream in the same file (a relay never has two, but the key says which) is untouched.
    const other = sqliteCursorStore(() => db, 'CP_b');
    expect(other.load('2026-12-04T11:30:00Z')).toEqual(new Map());
    expect(sqliteCursorStore(() => db, 'CP_a').load('2026-12-04T11:30:00Z')).toEqual(new Map([['bob', 1]]));
  });

  it('in memory (the simulation) behaves the same', () => {
    behaves(memoryCursorStore());
  });
});
