import type { Database } from 'better-sqlite3';
import { up as initial } from './001_initial';
import { up as peers } from './002_peers';
import { up as outbox } from './003_outbox';
import { up as checkpointHistory } from './004_checkpointHistory';
import { up as projectionRows } from './005_projectionRows';
import { up as federationCursor } from './006_federationCursor';

/** Numbered schema migrations; index + 1 is the user_version a database has after running it. */
export const MIGRATIONS: ReadonlyArray<(db: Database) => void> = [initial, peers, outbox, checkpointHistory, projectionRows, federationCursor];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Bring a database up to SCHEMA_VERSION, one transaction per step. */
export function migrate(db: Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(`journal schema version ${current} is newer than this build understands (${SCHEMA_VERSION}); upgrade Command Post`);
  }
  for (let v = current; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      MIGRATIONS[v]!(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
