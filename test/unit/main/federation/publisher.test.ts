import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../main/clock';
import { generateKeyPair, signerFromSeed } from '../../../../main/crypto';
import { Publisher, memoryCursorStore } from '../../../../main/federation';
import { WorkspaceJournal } from '../../../../main/sync';
import { JOURNAL_FILE, Workspace } from '../../../../main/workspace';
import { toWire } from '../../../../shared/journal';
import { MemoryHub } from '../../../support/federation/memoryHub';
import { MemoryStream } from '../../../support/federation/memoryStream';
import { VirtualTime } from '../../../support/federation/virtualTime';

// The publisher reads each author's backlog a window at a time, yet puts the
// entries on the stream in the journal's total order: a member's entries
// never go out before the roster entry that admits them (a receiver would
// refuse them as an unknown author's), however long the admin's backlog.

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const notes = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ kind: 'note.add' as const, body: { text: `${tag} ${i}` } }));

describe('federation publisher', () => {
  it('publishes a long backlog of several authors in total order, each entry once', async () => {
    const root = mkdtempSync(join(tmpdir(), 'cp-publisher-'));
    dirs.push(root);
    const admin = signerFromSeed(generateKeyPair().seed);
    const member = signerFromSeed(generateKeyPair().seed);
    const ws = Workspace.create({ dir: join(root, 'a'), name: 'Publisher', creatorName: 'Admin', signer: admin, clock: systemClock });
    ws.appendMany(notes(2_500, 'before'));
    const put = ws.append('roster.memberPut', { member: member.publicKey, name: 'Member', roles: ['responder'], teams: [] });
    ws.close();
    mkdirSync(join(root, 'm'));
    copyFileSync(join(root, 'a', JOURNAL_FILE), join(root, 'm', JOURNAL_FILE));
    const mine = Workspace.open({ dir: join(root, 'm'), clock: systemClock, signer: member });
    const memberEntries = mine.appendMany(notes(5, 'member'));
    mine.close();
    const relay = Workspace.open({ dir: join(root, 'a'), clock: systemClock, signer: admin });
    expect(relay.import(memberEntries.map(toWire)).stored).toHaveLength(5);
    relay.appendMany(notes(1_000, 'after'));
    const total = relay.store.count();

    const time = new VirtualTime(0);
    const hub = new MemoryHub({ clock: time, timers: time });
    const stream = new MemoryStream(hub, relay.id, 'relay');
    const publisher = new Publisher(new WorkspaceJournal(relay), stream, memoryCursorStore(), () => true);
    publisher.open(await time.runWhile(stream.open(), 10_000));
    expect(publisher.unpublished()).toBe(total);
    let passes = 0;
    for (let more = true; more; passes++) more = (await time.runWhile(publisher.pass(), 60_000)).more;

    const held = hub.stream(relay.id).held();
    expect(held).toHaveLength(total);
    expect(new Set(held).size).toBe(total);
    expect(held.indexOf(put.id)).toBeLessThan(held.indexOf(memberEntries[0]!.id));
    // In the journal's total order: the order an export writes.
    const ordered = relay.store.db.prepare('SELECT id FROM entries ORDER BY wall, count, author, seq').pluck().all();
    expect(held).toEqual(ordered);
    expect(passes).toBeGreaterThan(2);
    expect(publisher.unpublished()).toBe(0);
    relay.close();
  });
});
