import { createServer } from 'node:net';

/**
 * Whether `host:port` can be listened on now, found by listening and closing
 * at once. `serve` asks before it creates a workspace or a key, so a busy
 * port leaves nothing behind; the real listen can still lose a race and then
 * fails with its own EADDRINUSE.
 */
export function portAvailable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') resolve(false);
      else reject(err);
    });
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}
