import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { toBase64Url } from '../../../shared/bytes';
import { toWire, type Signer } from '../../../shared/journal';
import { PeerRejected, SYNC_PROTOCOL, formatFingerprint, handshakeProofBytes, sameVector, type SyncFrame } from '../../../shared/sync';
import { systemClock } from '../../../main/clock';
import { certificateFingerprint } from '../../../main/crypto';
import { mintSelfSignedCertificate, type MintedCertificate } from '../../../main/identity';
import { SyncNode, SyncServer, WorkspaceJournal, connectPeer, fetchGenesis, joinWorkspace, type PeerSession, type SyncEvent } from '../../../main/sync';
import { Workspace } from '../../../main/workspace';
import { cleanupTempDirs, newSigner, tempDir } from './peers';
import { tcpRelay, tlsTerminatingRelay } from './tlsProxies';
import { waitUntil } from '../../support/waitUntil';

// Peer sync over wss:// with each device's self-signed certificate, bound to
// its device key by the handshake (shared/sync/channelBinding.ts): real TLS
// and real WebSockets on loopback, real SQLite journals.

afterAll(cleanupTempDirs);

const waitFor = (what: string, cond: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> => waitUntil(what, cond, ms);

const closed = (s: PeerSession) => new Promise<void>((resolve) => s.onClosed(resolve));

async function certificate(name: string): Promise<MintedCertificate & { fingerprint: string }> {
  const minted = await mintSelfSignedCertificate({
    commonName: name,
    notBefore: new Date(systemClock.now() - 60_000),
    notAfter: new Date(systemClock.now() + 86_400_000),
  });
  return { ...minted, fingerprint: certificateFingerprint(new X509Certificate(minted.cert).raw) };
}

/** A founds the workspace with some history and admits B; B has only the genesis. */
function twoDevices() {
  const signerA = newSigner();
  const signerB = newSigner();
  const a = Workspace.create({ dir: tempDir(), name: 'War room', creatorName: 'Alex', signer: signerA, clock: systemClock });
  a.append('roster.memberPut', { member: signerB.publicKey, name: 'Blake', roles: ['responder'], teams: [] });
  a.appendMany(Array.from({ length: 300 }, (_, i) => ({ kind: 'note.add' as const, body: { text: `note ${i}` } })));
  const genesis = toWire([...a.store.entriesAfter(null)][0]!);
  const b = joinWorkspace({ dir: tempDir(), genesis, signer: signerB, clock: systemClock });
  const ja = new WorkspaceJournal(a);
  const jb = new WorkspaceJournal(b);
  const eventsA: SyncEvent[] = [];
  const eventsB: SyncEvent[] = [];
  const nodeA = new SyncNode({ journal: ja, signer: signerA, clock: systemClock });
  const nodeB = new SyncNode({ journal: jb, signer: signerB, clock: systemClock });
  nodeA.onEvent((e) => eventsA.push(e));
  nodeB.onEvent((e) => eventsB.push(e));
  const close = () => {
    nodeA.close();
    nodeB.close();
    a.close();
    b.close();
  };
  return { a, b, ja, jb, signerA, signerB, nodeA, nodeB, eventsA, eventsB, close };
}

describe('peer sync over wss:// with certificates bound to device keys', () => {
  it('syncs both ways over real TLS, through a relay that only forwards bytes too; the join works over wss', async () => {
    const t = twoDevices();
    const certA = await certificate('device A');
    const server = await SyncServer.listen({ node: t.nodeA, tls: certA });
    const relay = await tcpRelay(server.port);
    try {
      expect(server.url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/sync$/);
      expect(await fetchGenesis(`${server.url}?ws=${t.a.id}`)).toEqual(toWire([...t.a.store.entriesAfter(null)][0]!));

      const session = await connectPeer(t.nodeB, server.url);
      await waitFor('catch-up over wss', () => t.b.store.count() === t.a.store.count());
      expect(session.peer).toBe(t.signerA.publicKey);
      // Both ends bound the same certificate: the one A serves.
      expect(session.link.tls).toBe(certA.fingerprint);
      expect(session.label).toMatch(/^wss 127\.0\.0\.1:\d+$/);
      expect(t.nodeA.sessions.map((s) => s.link.tls)).toEqual([certA.fingerprint]);

      const fromA = t.ja.append('incident.open', { title: 'Payments degraded', severity: 2 });
      const fromB = t.jb.append('note.add', { text: 'over TLS' });
      await waitFor('live push both ways', () => t.a.store.get(fromB.id) !== null && t.b.store.get(fromA.id) !== null);
      expect(sameVector(t.ja.versionVector(), t.jb.versionVector())).toBe(true);
      expect(t.b.stateHash()).toBe(t.a.stateHash());
      session.close('done');

      // A relay that does not terminate TLS changes nothing: the certificate is still A's own.
      const relayed = await connectPeer(t.nodeB, `wss://127.0.0.1:${relay.port}/sync`);
      const late = t.ja.append('note.add', { text: 'through the relay' });
      await waitFor('entry through the byte relay', () => t.b.store.get(late.id) !== null);
      expect(relay.accepted).toBe(1);
      expect(relayed.link.tls).toBe(certA.fingerprint);
      expect(relayed.state).toBe('live');
    } finally {
      await relay.close();
      t.close();
      await server.close();
    }
  });

  it('refuses a man in the middle that terminates TLS with its own certificate: certificate-mismatch on both ends, nothing stored', async () => {
    const t = twoDevices();
    const certA = await certificate('device A');
    const certM = await certificate('mallory');
    const server = await SyncServer.listen({ node: t.nodeA, tls: certA });
    const mitm = await tlsTerminatingRelay(server.port, certM);
    const countA = t.a.store.count();
    try {
      const session = await connectPeer(t.nodeB, `wss://127.0.0.1:${mitm.port}/sync`);
      await closed(session);
      expect(mitm.accepted).toBe(1);
      expect(session.link.tls).toBe(certM.fingerprint);
      expect(session.peer).toBeNull();
      const why = session.closeReason;
      expect(why).toBeInstanceOf(PeerRejected);
      expect((why as PeerRejected).code).toBe('certificate-mismatch');
      expect((why as PeerRejected).message).toContain(
        `this connection presents TLS certificate sha256 ${formatFingerprint(certM.fingerprint)}, but device ${t.signerA.publicKey} signed for TLS ` +
          `certificate sha256 ${formatFingerprint(certA.fingerprint)}`,
      );
      expect((why as PeerRejected).message).toMatch(/man in the middle/);
      // A saw it from its side as well: B signed for a certificate A never served.
      await waitFor('A to close its side', () => t.nodeA.sessions.length === 0);
      const rejectedByA = t.eventsA.find((e) => e.type === 'rejected' || e.type === 'remote-error');
      expect(rejectedByA).toMatchObject({ code: 'certificate-mismatch' });
      expect(t.eventsA.some((e) => e.type === 'authenticated')).toBe(false);
      expect(t.eventsB.some((e) => e.type === 'authenticated' || e.type === 'stored')).toBe(false);
      expect(t.b.store.count()).toBe(1);
      expect(t.a.store.count()).toBe(countA);
    } finally {
      await mitm.close();
      t.close();
      await server.close();
    }
  });

  describe('a server whose certificate its device key did not sign for', () => {
    /**
     * A wss:// server holding a roster member's key (A's) and serving `served`,
     * whose auth claims `claimed` and signs for `signed` (undefined: no
     * certificate, as a peer behind a TLS-terminating proxy would).
     */
    async function rogueServer(signer: Signer, ws: string, served: MintedCertificate, auth: { claimed: string | undefined; signed: string | undefined }) {
      const https = createHttpsServer({ cert: served.cert, key: served.key });
      const wss = new WebSocketServer({ server: https });
      wss.on('connection', (socket: WebSocket) => {
        const nonce = toBase64Url(new Uint8Array(32).fill(9));
        socket.send(JSON.stringify({ t: 'hello', proto: SYNC_PROTOCOL, ws, device: signer.publicKey, nonce }));
        socket.on('message', (data: RawData) => {
          const frame = JSON.parse(String(data)) as SyncFrame;
          if (frame.t !== 'hello') return;
          const transcript = { ws, prover: signer.publicKey, verifier: frame.device, proverNonce: nonce, verifierNonce: frame.nonce, tls: auth.signed };
          const sig = toBase64Url(signer.sign(handshakeProofBytes(transcript)));
          socket.send(JSON.stringify({ t: 'auth', sig, vv: {}, ...(auth.claimed !== undefined ? { tls: auth.claimed } : {}) }));
        });
      });
      https.listen(0, '127.0.0.1');
      await once(https, 'listening');
      return {
        url: `wss://127.0.0.1:${(https.address() as AddressInfo).port}/sync`,
        close: async () => {
          for (const c of wss.clients) c.terminate();
          wss.close();
          await new Promise<void>((resolve) => https.close(() => resolve()));
        },
      };
    }

    it('claims the certificate B sees but signed for another: bad-proof naming the certificate', async () => {
      const t = twoDevices();
      const served = await certificate('served');
      const other = await certificate('the one the key signed for');
      const rogue = await rogueServer(t.signerA, t.a.id, served, { claimed: served.fingerprint, signed: other.fingerprint });
      try {
        const session = await connectPeer(t.nodeB, rogue.url);
        await closed(session);
        const why = session.closeReason as PeerRejected;
        expect(why).toBeInstanceOf(PeerRejected);
        expect(why.code).toBe('bad-proof');
        expect(why.message).toContain(`TLS certificate sha256 ${formatFingerprint(served.fingerprint)} (the device key did not sign for that certificate)`);
        expect(t.b.store.count()).toBe(1);
      } finally {
        await rogue.close();
        t.close();
      }
    });

    it('signed for no certificate at all (plain ws behind a TLS proxy): certificate-mismatch', async () => {
      const t = twoDevices();
      const served = await certificate('served');
      const rogue = await rogueServer(t.signerA, t.a.id, served, { claimed: undefined, signed: undefined });
      try {
        const session = await connectPeer(t.nodeB, rogue.url);
        await closed(session);
        const why = session.closeReason as PeerRejected;
        expect(why.code).toBe('certificate-mismatch');
        expect(why.message).toContain(
          `presents TLS certificate sha256 ${formatFingerprint(served.fingerprint)}, but device ${t.signerA.publicKey} signed for no TLS ` +
            `certificate (plain ws)`,
        );
        expect(t.b.store.count()).toBe(1);
      } finally {
        await rogue.close();
        t.close();
      }
    });
  });
});
