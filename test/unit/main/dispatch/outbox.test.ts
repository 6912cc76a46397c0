import Database from 'better-sqlite3';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/journal';
import { up as peers } from '../../../../main/journal/migrations/002_peers';
import { up as initial } from '../../../../main/journal/migrations/001_initial';
import { up as outboxMigration } from '../../../../main/journal/migrations/003_outbox';
import { DispatchConfigSchema, Outbox, dedupRule, loadDispatchConfig } from '../../../../main/dispatch';

function db(): Database.Database {
  const d = new Database(':memory:');
  migrate(d);
  return d;
}

describe('migration 003_outbox', () => {
  it('adds the outbox table on top of 001 and 002, and checks its states', () => {
    const d = new Database(':memory:');
    initial(d);
    peers(d);
    outboxMigration(d);
    const cols = (d.prepare('PRAGMA table_info(outbox)').all() as { name: string }[]).map((c) => c.name);
    expect(cols).toEqual(expect.arrayContaining(['action_id', 'state', 'attempts', 'next_attempt_at', 'last_error', 'sending_attempt', 'lease_owner', 'undo']));
    expect(() => d.prepare("INSERT INTO outbox (action_id, state, created_at, updated_at) VALUES ('x', 'lost', 0, 0)").run()).toThrow(/CHECK/);
  });
});

describe('outbox', () => {
  it('keeps one row per action and round-trips updates', () => {
    const o = new Outbox(db());
    o.ensure('a1', 10);
    o.ensure('a1', 20);
    o.update('a1', { state: 'retrying', attempts: 2, nextAttemptAt: 500, lastError: 'HTTP 503', undo: { replicas: 3 } }, 30);
    expect(o.list()).toHaveLength(1);
    expect(o.get('a1')).toMatchObject({
      state: 'retrying',
      attempts: 2,
      nextAttemptAt: 500,
      lastError: 'HTTP 503',
      undo: { replicas: 3 },
      createdAt: 10,
      updatedAt: 30,
    });
  });

  it('a send lease excludes other holders until it expires, is released, or its holder is known dead', () => {
    const o = new Outbox(db());
    o.ensure('a1', 0);
    expect(o.claim('a1', 'p1', 100, 1000)).toBe(true);
    expect(o.claim('a1', 'p2', 200, 1000)).toBe(false);
    expect(o.claim('a1', 'p2', 200, 1000, 'p1')).toBe(true);
    expect(o.claim('a1', 'p1', 300, 1000)).toBe(false);
    expect(o.claim('a1', 'p1', 1300, 1000)).toBe(true);
    o.release('a1', 'p1');
    expect(o.claim('a1', 'p3', 1301, 1000)).toBe(true);
  });
});

describe('dispatch configuration', () => {
  it('only listed webhook origins and deduplicating vendors may be re-sent after a crash', () => {
    const rule = dedupRule(DispatchConfigSchema.parse({ connectors: { webhook: { deduplicatingOrigins: ['http://127.0.0.1:8080'] } } }));
    expect(rule('webhook', { url: 'http://127.0.0.1:8080/hook' })).toBe(true);
    expect(rule('webhook', { url: 'http://127.0.0.1:9090/hook' })).toBe(false);
    expect(rule('pagerduty', {})).toBe(true);
    expect(rule('opsgenie', {})).toBe(true);
    expect(rule('slack', {})).toBe(false);
    expect(rule('jira', {})).toBe(false);
    expect(rule('command', {})).toBe(false);
  });

  it('dispatch.yaml errors carry the file and line; no file means defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-dispatch-config-'));
    expect(loadDispatchConfig(dir)).toMatchObject({ file: null, retry: { maxAttempts: 5 } });
    writeFileSync(join(dir, 'dispatch.yaml'), 'connectors:\n  slack:\n    baseUrl: not a url\n');
    expect(() => loadDispatchConfig(dir)).toThrow(/dispatch\.yaml:3: connectors\.slack\.baseUrl/);
  });
});
