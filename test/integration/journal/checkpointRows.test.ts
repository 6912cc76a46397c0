import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock';
import { itemId, stateItems, type WorkspaceState } from '../../../shared/state';
import { Workspace } from '../../../main/workspace';
import { T0, cleanupTempDirs, createWorkspace, freshFoldHash } from './helpers';

// The projection is persisted as one row per item, and a checkpoint writes
// only the items changed since the previous one (issue 14): its cost follows
// what changed, not the size of the journal. The rows always hold exactly the
// projection, also when two processes checkpoint the same journal in turn.

afterAll(cleanupTempDirs);

function storedRows(ws: Workspace): Map<string, string> {
  const rows = ws.store.db.prepare('SELECT section, key, value FROM projection_rows').all() as { section: string; key: string; value: string }[];
  return new Map(rows.map((r) => [itemId(r.section, r.key), r.value]));
}

function itemsOf(state: Readonly<WorkspaceState>): Map<string, string> {
  return new Map([...stateItems(state)].map(([section, key, json]) => [itemId(section, key), json]));
}

/** Counts the rows written to projection_rows on this connection from now on. */
function countWrites(ws: Workspace): () => number {
  const db = ws.store.db;
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS row_writes (n INTEGER);
    CREATE TEMP TRIGGER IF NOT EXISTS count_insert AFTER INSERT ON main.projection_rows BEGIN INSERT INTO row_writes VALUES (1); END;
    DELETE FROM row_writes;`);
  return () => (db.prepare('SELECT count(*) AS n FROM temp.row_writes').get() as { n: number }).n;
}

function seed(ws: Workspace, tasks: number): string[] {
  const incident = ws.append('incident.open', { title: 'Checkout errors', severity: 2 }).id;
  const drafts = Array.from({ length: tasks }, (_, i) => ({ kind: 'task.create' as const, body: { incident, title: `Task ${i}` } }));
  return ws.appendMany(drafts).map((e) => e.id);
}

describe('checkpoint rows', () => {
  it('hold exactly the projection, and a checkpoint rewrites only the items that changed', () => {
    const t = createWorkspace('Rows');
    const tasks = seed(t.ws, 300);
    t.ws.checkpoint();
    expect(storedRows(t.ws)).toEqual(itemsOf(t.ws.state));

    const writes = countWrites(t.ws);
    t.ws.append('task.status', { task: tasks[7]!, status: 'in_progress' });
    t.ws.checkpoint();
    // The task and the applied counter; not the 300 other tasks.
    expect(writes()).toBe(2);
    expect(storedRows(t.ws)).toEqual(itemsOf(t.ws.state));

    const hash = t.ws.stateHash();
    t.ws.close();
    const reopened = Workspace.open({ dir: t.dir, clock: new ManualClock(T0 + 60_000), signer: t.signer });
    expect(reopened.stateHash()).toBe(hash);
    expect(reopened.state).toEqual(JSON.parse(JSON.stringify(reopened.state)));
    expect(freshFoldHash(reopened.store)).toBe(hash);
    reopened.close();
  });

  it('stay exact when two processes checkpoint the same journal in turn', () => {
    const t = createWorkspace('Two writers');
    const tasks = seed(t.ws, 20);
    t.ws.checkpoint();
    // A second process on the same journal (the CLI beside the app), same device.
    const other = Workspace.open({ dir: t.dir, clock: new ManualClock(T0 + 1_000), signer: t.signer });
    other.append('task.status', { task: tasks[1]!, status: 'done' });
    other.checkpoint();
    // The first one has not folded the other's entry: a checkpoint now must write its own projection
    // (at its own rowid), not leave the other's newer rows under its head.
    t.ws.checkpoint();
    expect(storedRows(t.ws)).toEqual(itemsOf(t.ws.state));
    // Nor mix its later changes into rows another process wrote.
    t.ws.append('task.status', { task: tasks[2]!, status: 'blocked' });
    t.ws.checkpoint();
    expect(storedRows(t.ws)).toEqual(itemsOf(t.ws.state));
    other.append('task.assign', { task: tasks[3]!, assignee: null });
    other.checkpoint();
    expect(storedRows(other)).toEqual(itemsOf(other.state));
    const hash = other.stateHash();
    other.close();
    t.ws.close();
    const reopened = Workspace.open({ dir: t.dir, clock: new ManualClock(T0 + 60_000), readonly: true });
    expect(reopened.stateHash()).toBe(hash);
    expect(freshFoldHash(reopened.store)).toBe(hash);
    reopened.close();
  });
});
