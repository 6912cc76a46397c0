// Data and wire plumbing shared by the sync benchmark (sync.bench.ts) and its
// naive-exchange child (naivePeer.ts): the two journals to reconcile, a Link
// that counts what crosses the WebSocket, and the naive full exchange the
// sync protocol is compared with.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocket, type RawData } from 'ws';
import { systemClock } from '../../main/clock';
import { wsDialer, type Link, type LinkFrame, type PeerSession, type SyncNode } from '../../main/sync';
import { JOURNAL_FILE, Workspace } from '../../main/workspace';
import type { EntryDraft } from '../../shared/entries';
import { toWire, type Signer, type WireEntry } from '../../shared/journal';
import { WireEntrySchema } from '../../shared/journal';

const BATCH = 5_000;

function notes(n: number, tag: string): EntryDraft[] {
  // ~200-byte notes, like the incident traffic of the journal benchmark.
  const text = 'Error rate on /authorise is back under 2% after the failover to the secondary acquirer; watching the retry queue. ';
  return Array.from({ length: n }, (_, i) => ({ kind: 'note.add', body: { text: `${text}${tag} ${i}` } }));
}

export function appendNotes(ws: Workspace, n: number, tag: string): void {
  for (let done = 0; done < n; done += BATCH) ws.appendMany(notes(Math.min(BATCH, n - done), `${tag} ${done}`));
}

/**
 * Two devices' copies of one workspace: `shared` entries both hold (authored
 * by A, then the SQLite file copied to B, as two devices that synced
 * earlier would have them), then `own` new entries each, signed by each
 * device's own key. Returns the workspace dirs, closed.
 */
export function twoJournals(
  root: string,
  a: Signer,
  b: { signer: Signer; dir: string },
  sizes: { shared: number; own: number },
): { dirA: string; dirB: string } {
  const dirA = join(root, 'a-workspace');
  const wsA = Workspace.create({ dir: dirA, name: 'Sync bench', creatorName: 'Alex', signer: a, clock: systemClock });
  wsA.append('roster.memberPut', { member: b.signer.publicKey, name: 'Blake', roles: ['responder'], teams: [] });
  appendNotes(wsA, sizes.shared, 'shared');
  wsA.close();
  mkdirSync(b.dir, { recursive: true });
  copyFileSync(join(dirA, JOURNAL_FILE), join(b.dir, JOURNAL_FILE));
  const wsB = Workspace.open({ dir: b.dir, clock: systemClock, signer: b.signer });
  appendNotes(wsB, sizes.own, 'from B');
  wsB.close();
  const wsA2 = Workspace.open({ dir: dirA, clock: systemClock, signer: a });
  appendNotes(wsA2, sizes.own, 'from A');
  wsA2.close();
  return { dirA, dirB: b.dir };
}

/** Copy a closed workspace's journal, so each run starts from the same data. */
export function copyWorkspace(from: string, to: string): string {
  mkdirSync(to, { recursive: true });
  copyFileSync(join(from, JOURNAL_FILE), join(to, JOURNAL_FILE));
  return to;
}

/** Size of a WebSocket frame header: 2 bytes, + 2 or 8 for the length, + 4 for a client's mask. */
export function wsHeaderBytes(payload: number, masked: boolean): number {
  return 2 + (payload > 65_535 ? 8 : payload > 125 ? 2 : 0) + (masked ? 4 : 0);
}

export interface WireCount {
  framesOut: number;
  framesIn: number;
  /** Whole WebSocket frames (header + payload), each way. */
  bytesOut: number;
  bytesIn: number;
}

export interface WireHooks {
  /** Every text frame, each way, before it is sent or handled. */
  seen?(dir: 'in' | 'out', text: string): void;
  /** After an incoming frame was handled (what it stored is stored). */
  after?(): void;
}

/** Wrap a Link and count every frame and byte it carries, each way. `masked`: this end is the ws client. */
export function countingLink(link: Link, masked: boolean, count: WireCount, hooks: WireHooks = {}): Link {
  return {
    label: link.label,
    send(text) {
      const bytes = Buffer.byteLength(text);
      count.framesOut += 1;
      count.bytesOut += bytes + wsHeaderBytes(bytes, masked);
      hooks.seen?.('out', text);
      link.send(text);
    },
    close: (reason) => link.close(reason),
    onClose: (handler) => link.onClose(handler),
    onFrame: (handler) =>
      link.onFrame((frame: LinkFrame) => {
        count.framesIn += 1;
        count.bytesIn += frame.bytes + wsHeaderBytes(frame.bytes, false);
        if (frame.kind === 'text') hooks.seen?.('in', frame.text);
        handler(frame);
        hooks.after?.();
      }),
  };
}

/** Dial a sync peer and run a session over a counting link. */
export function dialCounted(node: SyncNode, url: string, count: WireCount, hooks: WireHooks): Promise<PeerSession> {
  return new Promise((resolve, reject) =>
    wsDialer(url)((err, link) => {
      // Attached within the dial callback, in the tick the socket opened: the peer's hello may
      // arrive together with the upgrade response, and a link drops frames nobody listens to yet.
      if (err !== null || link === undefined) reject(err ?? new Error('no link'));
      else resolve(node.attach(countingLink(link, true, count, hooks)));
    }),
  );
}

/** A client socket, not yet open: listeners must be attached at once, since the first frames can arrive with the upgrade response. */
export function clientSocket(url: string): WebSocket {
  return new WebSocket(url, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
}

// ---------------------------------------------------------------- naive exchange

/**
 * The naive reconciliation: each side sends its whole journal, in frames of
 * `batch` entries, then {"done":true}; the receiver imports every frame
 * (verify, store, fold; duplicates skipped by id) and, once the other side is
 * done, answers {"imported":N}. No vectors, no acks: the baseline the sync
 * protocol's O(missing) cost is measured against.
 */
export function naiveExchange(socket: WebSocket, ws: Workspace, count: WireCount, masked: boolean, batch = 500): Promise<{ imported: number; stored: number }> {
  return new Promise((resolve, reject) => {
    let stored = 0;
    let imported = 0;
    let theyImported = false;
    let theyDone = false;
    const finish = () => {
      if (theyDone && theyImported) resolve({ imported, stored });
    };
    socket.on('message', (data: RawData) => {
      const text = Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8');
      count.framesIn += 1;
      count.bytesIn += Buffer.byteLength(text) + wsHeaderBytes(Buffer.byteLength(text), false);
      const frame = JSON.parse(text) as { entries?: unknown[]; done?: true; imported?: number };
      if (frame.entries !== undefined) {
        const wires: WireEntry[] = frame.entries.map((e) => WireEntrySchema.parse(e));
        const result = ws.import(wires);
        imported += wires.length;
        stored += result.stored.length;
      } else if (frame.done === true) {
        theyDone = true;
        send(JSON.stringify({ imported }));
      } else if (frame.imported !== undefined) {
        theyImported = true;
      }
      finish();
    });
    socket.once('close', () => reject(new Error('naive exchange: socket closed early')));
    socket.once('error', reject);
    const send = (text: string) => {
      const bytes = Buffer.byteLength(text);
      count.framesOut += 1;
      count.bytesOut += bytes + wsHeaderBytes(bytes, masked);
      socket.send(text);
    };
    const sendAll = () => {
      let chunk: string[] = [];
      for (const entry of ws.store.entriesAfter(null)) {
        chunk.push(JSON.stringify(toWire(entry)));
        if (chunk.length === batch) {
          send(`{"entries":[${chunk.join(',')}]}`);
          chunk = [];
        }
      }
      if (chunk.length > 0) send(`{"entries":[${chunk.join(',')}]}`);
      send('{"done":true}');
    };
    if (socket.readyState === WebSocket.OPEN) sendAll();
    else socket.once('open', sendAll);
  });
}
