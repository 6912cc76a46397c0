import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES, TimelineEntrySchema, type Session, type TimelineEntry } from '../../../shared/api';
import { systemClock } from '../../../main/clock';
import { Workspace } from '../../../main/workspace';
import { TestClient, apiUrl, cleanupTempDirs, demoHost, withTimeout, type TestHost } from './hostHarness';

const running: TestHost[] = [];
const clients: TestClient[] = [];

async function host(): Promise<TestHost> {
  const h = await demoHost();
  running.push(h);
  return h;
}

async function connect(h: TestHost): Promise<TestClient> {
  const c = await TestClient.connect(apiUrl(h.host));
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const h of running.splice(0)) await h.host.close();
});
afterAll(() => cleanupTempDirs());

type StateValue = { stateHash: string; entries: number; state: { services: Record<string, { status: string }> } };

describe('host API over a real WebSocket', () => {
  it('answers session, state, page and append, and the journal grows by exactly the append', async () => {
    const h = await host();
    const c = await connect(h);
    const session = await c.value<Session>('session:get');
    expect(session).toMatchObject({ me: h.signer.publicKey, workspaceName: 'Host test', transport: 'websocket' });

    const before = await c.value<StateValue>('state:get');
    expect(before.entries).toBe(233);
    expect(before.state.services['psp-adapter']?.status).toBe('down');

    const page = await c.value<{ entries: TimelineEntry[]; total: number }>('journal:page', { limit: 50 });
    expect(page.total).toBe(233);
    expect(page.entries).toHaveLength(50);
    for (const e of page.entries) TimelineEntrySchema.parse(e);
    const earlier = await c.value<{ entries: TimelineEntry[]; total: number }>('journal:page', { limit: 50, before: page.entries[0]!.id });
    expect(earlier.entries).toHaveLength(50);
    // Pages meet without overlap, in total order, newest last.
    const ids = [...earlier.entries, ...page.entries].map((e) => e.id);
    expect(new Set(ids).size).toBe(100);
    const walls = [...earlier.entries, ...page.entries].map((e) => e.header.hlc.wall);
    expect([...walls].sort((a, b) => a - b)).toEqual(walls);

    const notes = await c.value<{ entries: TimelineEntry[]; total: number }>('journal:page', { kinds: ['note.add'], author: h.signer.publicKey });
    expect(notes.total).toBeGreaterThan(0);
    expect(notes.entries.every((e) => e.header.kind === 'note.add')).toBe(true);
    expect((await c.value<{ total: number }>('journal:page', { author: 'nobody' })).total).toBe(0);

    const appended = await c.value<{ id: string; stateHash: string }>('journal:append', { kind: 'note.add', body: { text: 'from the browser' } });
    const after = await c.value<StateValue>('state:get');
    expect(after.entries).toBe(234);
    expect(after.stateHash).toBe(appended.stateHash);
    const last = await c.value<{ entries: TimelineEntry[] }>('journal:page', { limit: 1 });
    expect(last.entries[0]).toMatchObject({ id: appended.id, rejected: null, redactedBy: null, body: { text: 'from the browser' } });
  });

  it('refuses what the domain rules refuse, naming the rule, and stores nothing', async () => {
    const h = await host();
    const c = await connect(h);
    const bad = await c.call('journal:append', { kind: 'service.status', body: { service: 'no-such-service', status: 'down' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'refused' } });
    const badBody = await c.call('journal:append', { kind: 'note.add', body: { text: 42 } });
    expect(badBody).toMatchObject({ ok: false, error: { code: 'refused' } });
    expect(!badBody.ok && badBody.error.message).toMatch(/text/);
    expect((await c.value<StateValue>('state:get')).entries).toBe(233);
  });

  it('pushes state:changed to every client after an append', async () => {
    const h = await host();
    const writer = await connect(h);
    const watcher = await connect(h);
    const appended = await writer.value<{ id: string; stateHash: string }>('journal:append', {
      kind: 'service.status',
      body: { service: 'web-frontend', status: 'degraded', reason: 'slow' },
    });
    const event = await withTimeout(watcher.nextEvent(), 5000, 'state:changed at the watcher');
    expect(event).toMatchObject({ type: 'state:changed', stateHash: appended.stateHash, entries: 234 });
    expect(event.added.map((e) => e.id)).toEqual([appended.id]);
    const mine = await withTimeout(writer.nextEvent(), 5000, 'state:changed at the writer');
    expect(mine.added.map((e) => e.id)).toEqual([appended.id]);
  });

  it('notices entries another connection to the same SQLite file wrote, and folds them', async () => {
    const h = await host();
    const c = await connect(h);
    const other = Workspace.open({ dir: h.dir, clock: systemClock, signer: h.signer });
    const written = other.appendMany([
      { kind: 'note.add', body: { text: 'from the CLI' } },
      { kind: 'service.status', body: { service: 'search-service', status: 'down', reason: 'index lost' } },
    ]);
    const expectedHash = other.stateHash();
    other.close();
    const event = await withTimeout(c.nextEvent(), 5000, 'state:changed for a foreign write');
    expect(event.added.map((e) => e.id)).toEqual(written.map((e) => e.id));
    expect(event.stateHash).toBe(expectedHash);
    const state = await c.value<StateValue>('state:get');
    expect(state.state.services['search-service']?.status).toBe('down');
    expect(state.stateHash).toBe(expectedHash);
    expect(h.host.feed.reopens).toBe(1);
    // And the host keeps appending on top of them.
    const next = await c.value<{ id: string; stateHash: string }>('journal:append', { kind: 'note.add', body: { text: 'after' } });
    const check = Workspace.open({ dir: h.dir, clock: systemClock });
    expect(check.store.count()).toBe(236);
    expect(check.stateHash()).toBe(next.stateHash);
    check.close();
  });

  it('answers malformed, unknown and badly-typed requests with a structured error and keeps the connection', async () => {
    const h = await host();
    const c = await connect(h);
    const cases: Array<[string, string, RegExp]> = [
      ['{"id": 1, "method": ', 'bad_request', /not JSON/],
      ['[1,2,3]', 'bad_request', /frame/],
      ['{"id": 7, "method": "state:get"}', 'bad_request', /params/],
      ['{"id": 8, "method": 5, "params": {}}', 'bad_request', /frame\.method/],
      ['{"id": -1, "method": "state:get", "params": {}}', 'bad_request', /frame\.id/],
      ['{"id": 9, "method": "state:get", "params": {}, "extra": true}', 'bad_request', /extra/],
      ['{"id": 10, "method": "tasks:explode", "params": {}}', 'unknown_method', /tasks:explode/],
      ['{"id": 11, "method": "journal:page", "params": {"limit": 5000}}', 'bad_request', /params\.limit/],
      ['{"id": 12, "method": "journal:append", "params": {"kind": "no.such", "body": {}}}', 'bad_request', /params\.kind/],
      ['{"id": 13, "method": "journal:page", "params": {"before": "feed"}}', 'bad_request', /before/],
      ['{"id": 14, "method": "__proto__", "params": {}}', 'unknown_method', /__proto__/],
    ];
    for (const [frame, code, message] of cases) {
      const r = await c.sendRaw(frame);
      expect(r.ok, frame).toBe(false);
      if (!r.ok) {
        expect(r.error.code, frame).toBe(code);
        expect(r.error.message, frame).toMatch(message);
      }
    }
    expect(await c.sendRaw('{"id": 10, "method": "tasks:explode", "params": {}}')).toMatchObject({ id: 10 });
    expect(await c.sendRaw(Buffer.from([1, 2, 3]))).toMatchObject({ id: null, ok: false, error: { code: 'bad_request' } });
    expect((await c.value<StateValue>('state:get')).entries).toBe(233);
  });

  it('closes the connection with 1009 on an oversized frame, and nothing changes', async () => {
    const h = await host();
    const c = await connect(h);
    const before = await c.value<StateValue>('state:get');
    const text = 'x'.repeat(MAX_FRAME_BYTES - 200);
    c.socket.send(JSON.stringify({ id: 1, method: 'journal:append', params: { kind: 'note.add', body: { text, pad: 'y'.repeat(400) } } }));
    const closed = await withTimeout(c.closed, 5000, 'close after an oversized frame');
    expect(closed.code).toBe(1009);
    const fresh = await connect(h);
    const after = await fresh.value<StateValue>('state:get');
    expect(after.entries).toBe(before.entries);
    expect(after.stateHash).toBe(before.stateHash);
  });
});
