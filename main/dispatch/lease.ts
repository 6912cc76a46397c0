import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

// Who holds an outbox row's send lease: "host:pid:nonce". Two dispatchers on
// one device (a host and a CLI `action dispatch`) must not both send; a
// lease held by a process that died (kill -9 between send and result) is
// taken over at once rather than after it expires, so a restart resumes
// without waiting out the lease.

export function leaseOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** False only when the holder is on this host and its process is gone. */
export function ownerAlive(owner: string): boolean {
  const [host, pid] = owner.split(':');
  if (host !== hostname() || pid === undefined || !/^\d+$/.test(pid)) return true;
  if (Number(pid) === process.pid) return true;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
