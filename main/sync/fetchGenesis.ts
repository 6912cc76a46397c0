import { WebSocket, type RawData } from 'ws';
import type { WireEntry } from '../../shared/journal';
import { parseSyncFrame, SYNC_PROTOCOL } from '../../shared/sync';
import { checkPeerUrl, pinnedByHandshake, type ConnectOptions } from './connect';
import { JoinError } from './join';

// The joining side of the genesis exchange (see genesisExchange.ts).

/** The workspace id carried in a join URL (`wss://host:port/sync?ws=<id>`, or ws://). */
export function workspaceIdFromJoinUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new JoinError(`${JSON.stringify(url)} is not a URL; use the "Peer sync at wss://…/sync?ws=…" (or ws://) URL \`commandpost serve\` prints`);
  }
  const id = parsed.searchParams.get('ws');
  if (id === null || !/^[0-9a-f]{32}$/.test(id))
    throw new JoinError(`${url} names no workspace (?ws=<32 hex digits>); use the URL \`commandpost serve\` prints`);
  return id;
}

function text(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

/** Ask the peer at `url` for the genesis of the workspace the URL names. Rejects with a JoinError saying why. */
export async function fetchGenesis(url: string, opts: ConnectOptions = {}): Promise<WireEntry> {
  const ws = workspaceIdFromJoinUrl(url);
  const parsed = checkPeerUrl(url, opts.insecure ?? false); // the same transport policy as any peer link
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    // Over wss:// no device key vouches for the certificate here (this device
    // knows no roster yet); none is needed: the answer is checked against the
    // id, and a man in the middle learns the id and the genesis (workspace
    // name and creator) and nothing more: peers serve it nothing else.
    const socket = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: timeoutMs, maxPayload: 16 * 1024 * 1024, ...pinnedByHandshake(parsed) });
    let done = false;
    const finish = (err: Error | null, entry?: WireEntry) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.terminate();
      if (err !== null || entry === undefined) reject(err ?? new JoinError('no answer'));
      else resolve(entry);
    };
    const timer = setTimeout(() => finish(new JoinError(`${url} sent no genesis within ${timeoutMs} ms`)), timeoutMs);
    socket.once('error', (err) => finish(new JoinError(`cannot reach ${url}: ${err.message}`)));
    socket.once('unexpected-response', (_req, res) => finish(new JoinError(`${url}: HTTP ${res.statusCode} instead of a peer sync socket`)));
    socket.once('close', () => finish(new JoinError(`${url} closed the connection without sending the genesis`)));
    socket.once('open', () => socket.send(JSON.stringify({ t: 'want-genesis', ws })));
    socket.on('message', (data: RawData) => {
      const raw = text(data);
      const parsed = parseSyncFrame(raw, Buffer.byteLength(raw));
      if (!parsed.ok) return finish(new JoinError(`${url} sent a bad frame: ${parsed.message}`));
      const frame = parsed.frame;
      if (frame.t === 'hello' && frame.proto !== SYNC_PROTOCOL) return finish(new JoinError(`${url} speaks ${frame.proto}`));
      if (frame.t === 'error') return finish(new JoinError(`${url} refused (${frame.code}): ${frame.message}`));
      if (frame.t !== 'genesis') return; // its hello: it greets every connection
      if (frame.entry.header.ws !== ws) return finish(new JoinError(`${url} answered with the genesis of workspace ${frame.entry.header.ws}, not ${ws}`));
      finish(null, frame.entry);
    });
  });
}
