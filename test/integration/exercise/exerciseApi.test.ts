import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResultOf } from '../../../shared/api';
import { ManualClock } from '../../../shared/clock';
import { generateKeyPair, signerFromSeed } from '../../../main/crypto';
import { ChangeFeed } from '../../../main/workspace';
import { handle, type HandleOptions } from '../../../main/api';
import { Workspace, loadDemo } from '../../../main/workspace';
import { cleanupTempDirs, resources, tempDir } from '../host/hostHarness';

// The exercises:* API over a real workspace and change feed, as the host and
// the desktop core run it: a facilitator starts a bundled scenario, steers
// it, and gets the report; a participant sees only what has fired, and
// every refusal comes back as data naming the reason.

afterAll(() => cleanupTempDirs());

const T0 = 1_767_225_600_000;
const MIN = 60_000;

function call(ws: Workspace, method: string, params: unknown, opts: HandleOptions) {
  return handle(ws, method, params, opts);
}

function ok<T>(result: ReturnType<typeof handle>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

type Status = NonNullable<ResultOf<'exercises:status'>>;

describe('exercises API', () => {
  it('starts a bundled scenario in a fresh workspace and steers it; participants see only what fired', () => {
    const base = tempDir('cp-exapi-');
    const dir = join(base, 'ws');
    const clock = new ManualClock(T0);
    const facilitator = signerFromSeed(generateKeyPair().seed);
    Workspace.create({ dir, name: 'Exercise room', creatorName: 'Fiona', signer: facilitator, clock }).close();
    const feed = ChangeFeed.open({ dir, clock, signer: facilitator });
    const opts: HandleOptions = { clock, append: (d) => feed.append(d), appendMany: (d) => feed.appendMany(d), stateHash: () => feed.stateHash() };
    const api = (method: string, params: unknown = {}) => call(feed.workspace, method, params, opts);
    try {
      expect(ok(api('exercises:status'))).toBeNull();
      const scenarios = ok<ResultOf<'exercises:scenarios'>>(api('exercises:scenarios'));
      expect(scenarios.map((s) => s.id)).toEqual(['database-failover-peak', 'leaked-credential', 'regional-partition']);
      expect(scenarios[0]).toMatchObject({ title: 'Database failover under peak load', duration: 30 * MIN, injects: 8 });

      // Not before it exists.
      expect(api('exercises:pause')).toMatchObject({ ok: false, error: { code: 'refused', message: expect.stringMatching(/runs no exercise/) } });
      expect(api('exercises:start', { scenario: 'no-such-thing' })).toMatchObject({
        ok: false,
        error: { code: 'refused', message: expect.stringContaining('bundled: database-failover-peak, leaked-credential, regional-partition') },
      });
      expect(api('exercises:start', { scenario: '../../etc/passwd' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      expect(api('exercises:start', { scenario: 'database-failover-peak', speed: 61 })).toMatchObject({ ok: false, error: { code: 'bad_request' } });

      expect(ok(api('exercises:start', { scenario: 'database-failover-peak', speed: 60, seed: '7' }))).toEqual({
        message: 'Started "Database failover under peak load" at 60x',
      });
      expect(api('exercises:start', { scenario: 'leaked-credential' })).toMatchObject({
        ok: false,
        error: { message: expect.stringMatching(/already ran the exercise/) },
      });
      // Every entry went through the feed: no reopen for rows it wrote itself.
      feed.poll();
      expect(feed.reopens).toBe(0);

      let status = ok<Status>(api('exercises:status'));
      expect(status).toMatchObject({ status: 'running', speed: 60, offset: 0, seed: '7', facilitator: true, playing: null, firedCount: 0, pendingCount: 8 });
      expect(status.nextInject).toMatchObject({ id: 'replication-lag', dueAt: MIN });
      expect(status.injects.map((i) => i.id).slice(0, 3)).toEqual(['replication-lag', 'db-degraded', 'checkout-errors']);

      expect(api('exercises:fireNow', { inject: 'nope' })).toMatchObject({
        ok: false,
        error: { code: 'refused', message: expect.stringContaining('the scenario has no inject "nope"') },
      });
      clock.advance(2_000); // T+02:00 at 60x
      expect(ok(api('exercises:fireNow', { inject: 'db-down' }))).toEqual({
        message: expect.stringMatching(/^Fired db-down: orders-db is down: .* at T\+02:00$/),
      });
      expect(api('exercises:fireNow', { inject: 'db-down' })).toMatchObject({ ok: false, error: { message: 'inject db-down has already fired' } });

      const participant = signerFromSeed(generateKeyPair().seed);
      expect(ok(api('exercises:cast', { participant: 'commander', member: participant.publicKey, name: 'Ana Ruiz' }))).toEqual({
        message: 'Ana Ruiz plays commander',
      });
      expect(api('exercises:cast', { participant: 'janitor', member: participant.publicKey })).toMatchObject({
        ok: false,
        error: { message: expect.stringContaining('no participant "janitor"') },
      });
      const partition = { type: 'partition', cut: ['commander'], from: ['data-oncall'], duration: 5 * MIN, description: 'bridge down' };
      expect(ok(api('exercises:adhocInject', { payload: partition }))).toEqual({
        message: expect.stringContaining('Fired adhoc-1: network partition: commander cut off from data-oncall for 5 min'),
      });
      expect(api('exercises:adhocInject', { payload: { ...partition, cut: ['nobody'] } })).toMatchObject({
        ok: false,
        error: { code: 'refused', message: expect.stringContaining('unknown participant nobody') },
      });
      expect(ok(api('exercises:setSpeed', { speed: 10 }))).toEqual({ message: 'Speed 10x from T+02:00' });
      expect(ok(api('exercises:pause'))).toEqual({ message: 'Paused at T+02:00' });
      expect(api('exercises:pause')).toMatchObject({ ok: false, error: { code: 'refused', message: expect.stringContaining('already paused') } });
      clock.advance(60 * MIN);
      expect(ok(api('exercises:note', { text: 'Commander never opened the bridge' }))).toEqual({ message: 'Note added at T+02:00' });

      status = ok<Status>(api('exercises:status'));
      expect(status).toMatchObject({ status: 'paused', speed: 10, offset: 2 * MIN, firedCount: 2, pendingCount: 7, notes: 1 });
      expect(status.partitions).toEqual([{ inject: 'adhoc-1', cut: ['commander'], from: ['data-oncall'], until: 7 * MIN }]);
      expect(status.participants.find((p) => p.id === 'commander')).toMatchObject({
        member: participant.publicKey,
        memberName: 'Ana Ruiz',
        roles: ['commander'],
      });

      // The participant's view of the same journal: fired injects only, no steering, no rubric yet.
      const theirs = Workspace.open({ dir, clock, signer: participant });
      try {
        const seen = ok<Status>(call(theirs, 'exercises:status', {}, { clock }));
        expect(seen).toMatchObject({ facilitator: false, playing: 'commander', nextInject: null, firedCount: 2 });
        expect(seen.injects.map((i) => i.id)).toEqual(['db-down', 'adhoc-1']);
        expect(call(theirs, 'exercises:resume', {}, { clock })).toMatchObject({
          ok: false,
          error: { code: 'refused', message: 'Ana Ruiz is not a facilitator of this exercise; Fiona started it and steers it' },
        });
        expect(call(theirs, 'exercises:report', {}, { clock })).toMatchObject({ ok: false, error: { message: expect.stringContaining('not a facilitator') } });
      } finally {
        theirs.close();
      }

      ok(api('exercises:resume'));
      clock.advance(MIN / 10); // one scenario minute at 10x
      expect(ok(api('exercises:end', { reason: 'time' }))).toEqual({ message: 'Ended at T+03:00' });
      expect(api('exercises:resume')).toMatchObject({ ok: false, error: { message: expect.stringContaining('has ended') } });
      status = ok<Status>(api('exercises:status'));
      expect(status).toMatchObject({ status: 'ended', endedAt: 3 * MIN, offset: 3 * MIN, pendingCount: 0, partitions: [] });

      const report = ok<ResultOf<'exercises:report'>>(api('exercises:report'));
      expect(report.title).toContain('Database failover under peak load');
      expect(report.markdown).toContain('Commander never opened the bridge');
      expect(report.html).toMatch(/^<!doctype html>/i);
      expect(report.score).toMatchObject({ earned: 0, possible: 100 });
      expect(report.score?.results.find((r) => r.id === 'declare')).toMatchObject({ outcome: 'not-triggered', points: 10 });
      expect(report.score?.results.find((r) => r.id === 'resolved')).toMatchObject({ outcome: 'missed', earned: 0 });
      feed.poll();
      expect(feed.reopens).toBe(0);
    } finally {
      feed.close();
    }
  });

  it('refuses a start by a member who is no admin, before writing anything, naming the admins', () => {
    const dir = join(tempDir('cp-exapi-responder-'), 'ws');
    const clock = new ManualClock(T0);
    const admin = signerFromSeed(generateKeyPair().seed);
    const responder = signerFromSeed(generateKeyPair().seed);
    const created = Workspace.create({ dir, name: 'Exercise room', creatorName: 'Fiona', signer: admin, clock });
    created.append('roster.memberPut', { member: responder.publicKey, name: 'Rae Responder', roles: ['responder'], teams: [] });
    created.close();
    const ws = Workspace.open({ dir, clock, signer: responder });
    try {
      const before = ws.store.count();
      expect(handle(ws, 'exercises:start', { scenario: 'database-failover-peak' }, { clock })).toMatchObject({
        ok: false,
        error: { code: 'refused', message: expect.stringContaining('takes the admin role; you are responder. Ask an admin (Fiona)') },
      });
      expect(ws.store.count()).toBe(before);
    } finally {
      ws.close();
    }
  });

  it('refuses to start an exercise in a workspace with real incidents', () => {
    const dir = join(tempDir('cp-exapi-real-'), 'ws');
    const clock = new ManualClock(T0);
    const signer = signerFromSeed(generateKeyPair().seed);
    const ws = Workspace.create({ dir, name: 'Shop', creatorName: 'Alex', signer, clock });
    try {
      loadDemo(ws, resources, clock);
      const before = ws.store.count();
      const result = handle(ws, 'exercises:start', { scenario: 'database-failover-peak' }, { clock });
      expect(result).toMatchObject({ ok: false, error: { code: 'refused', message: expect.stringContaining('holds incidents') } });
      expect(ws.store.count()).toBe(before);
      expect(handle(ws, 'exercises:status', {}, { clock })).toEqual({ ok: true, value: null });
    } finally {
      ws.close();
    }
  });
});
