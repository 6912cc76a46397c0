import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION, migrate } from '../../../../main/journal';

function tables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

describe('journal schema migrations', () => {
  it('001_initial creates the journal tables and sets user_version 1', () => {
    const db = new Database(':memory:');
    MIGRATIONS[0]!(db);
    expect(tables(db)).toEqual(['checkpoint', 'entries', 'equivocations', 'meta']);
    // (author, seq) is unique: the second entry for a slot must go to equivocations.
    const insert = db.prepare("INSERT INTO entries (id, author, seq, wall, count, kind, header, sig) VALUES (?, 'a', 1, 0, 0, 'k', '{}', 's')");
    insert.run('x');
    expect(() => insert.run('y')).toThrow(/UNIQUE/);
  });

  it('004_checkpointHistory adds a table of earlier checkpoints, one per folded rowid', () => {
    const db = new Database(':memory:');
    for (const up of MIGRATIONS.slice(0, 4)) up(db);
    expect(tables(db)).toContain('checkpoint_history');
    const insert = db.prepare(
      "INSERT INTO checkpoint_history (max_rowid, fold_version, count, last_key, equivocations, state) VALUES (7, 1, 7, NULL, 0, '{}')",
    );
    insert.run();
    expect(() => insert.run()).toThrow(/UNIQUE|PRIMARY KEY/);
  });

  it('005_projectionRows replaces the whole-state checkpoint with one row per item, and drops the old checkpoints', () => {
    const db = new Database(':memory:');
    for (const up of MIGRATIONS.slice(0, 4)) up(db);
    db.prepare("INSERT INTO checkpoint (id, fold_version, max_rowid, count, last_key, equivocations, state) VALUES (1, 7, 3, 3, NULL, 0, '{}')").run();
    MIGRATIONS[4]!(db);
    expect(tables(db)).toEqual(expect.arrayContaining(['checkpoint', 'projection_rows', 'projection_earlier', 'projection_undo']));
    expect(tables(db)).not.toContain('checkpoint_history');
    // The old checkpoint is gone: the next open refolds and writes rows.
    expect(db.prepare('SELECT count(*) AS n FROM checkpoint').get()).toEqual({ n: 0 });
    const put = db.prepare("INSERT INTO projection_rows (section, key, value) VALUES ('tasks', 't1', '{}')");
    put.run();
    expect(() => put.run()).toThrow(/UNIQUE|PRIMARY KEY/);
  });

  it('migrate() brings a fresh database to SCHEMA_VERSION and is idempotent', () => {
    const db = new Database(':memory:');
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(tables(db)).toContain('entries');
  });

  it('refuses a database from a newer version, changing nothing', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(/newer than this build understands/);
    expect(tables(db)).toEqual([]);
  });
});
