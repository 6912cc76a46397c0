// Child process of the sync benchmark: the far side of the naive full
// exchange (see naiveExchange in syncWorkload.ts), in its own process as the
// sync peer is, so both comparisons use the same two cores the same way.
//   node --import tsx test/bench/naivePeer.ts <workspace dir>
// Prints {"port":N} when listening, then {"imported":N,"stored":N} when the
// exchange is over, and exits.
import { WebSocketServer } from 'ws';
import { systemClock } from '../../main/clock';
import { Workspace } from '../../main/workspace';
import { naiveExchange, type WireCount } from './syncWorkload';

const dir = process.argv[2];
if (dir === undefined) {
  process.stderr.write('usage: naivePeer.ts <workspace dir>\n');
  process.exit(2);
}
const ws = Workspace.open({ dir, clock: systemClock, signer: null });
const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
server.on('listening', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address !== null ? address.port : 0 })}\n`);
});
server.once('connection', (socket) => {
  const count: WireCount = { framesOut: 0, framesIn: 0, bytesOut: 0, bytesIn: 0 };
  naiveExchange(socket, ws, count, false)
    .then((result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      ws.close();
      server.close();
      process.stdout.write('', () => process.exit(0));
    })
    .catch((err: unknown) => {
      process.stderr.write(`naive peer failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    });
});
