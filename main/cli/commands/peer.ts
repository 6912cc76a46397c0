import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PEER_STATUS_PERSIST_MS, PeerStore, insecureLink, parsePeerUrl, type PeerRow } from '../../sync';
import { openDatabase } from '../../journal';
import { JOURNAL_FILE, WorkspaceError } from '../../workspace';
import type { CliContext } from '../context';
import { UsageError } from '../context';

export const peerHelp = `commandpost peer add URL [--insecure] [--workspace DIR]
commandpost peer remove URL [--workspace DIR]
commandpost peer list [--workspace DIR]
  The peers this workspace syncs with (URL: the "Peer sync at wss://…" or ws://… line of their \`commandpost serve\`).
  A running \`commandpost serve\` dials added peers within a second, with backoff and jitter on failure,
  and writes their status back: list shows it (connected / connecting / failed and why, entries each
  side lacks, last seen). wss:// needs no CA: the peer's device key signs for its certificate in the
  handshake, and a certificate it did not sign for (a man in the middle) fails with certificate-mismatch.
  --insecure: allow plain ws:// to a host that is not loopback (readable on the path; listed as insecure).`;

/** A host that has not written status for this long is not running (it writes every PEER_STATUS_PERSIST_MS). */
const HOST_STALE_MS = PEER_STATUS_PERSIST_MS * 3 + 2_000;

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s ago`;
  if (s < 7200) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

function lagText(n: number | null): string {
  return n === null ? '?' : n.toLocaleString('en-US');
}

function printList(ctx: CliContext, rows: readonly PeerRow[]): void {
  if (rows.length === 0) {
    ctx.out('No peers. Add one with `commandpost peer add wss://HOST:PORT/sync?ws=…`.');
    return;
  }
  const now = ctx.clock.now();
  const written = Math.max(0, ...rows.map((r) => r.updatedAt ?? 0));
  const running = written > 0 && now - written < HOST_STALE_MS;
  if (!running) {
    ctx.out(
      `No \`commandpost serve\` is running on this workspace${written > 0 ? ` (status last written ${ago(now - written)})` : ''}; peers are dialled ` +
        `only while it runs.`,
    );
  }
  ctx.out(`${'STATUS'.padEnd(11)} ${'WE LACK'.padStart(8)} ${'THEY LACK'.padStart(9)}  ${'LAST SEEN'.padEnd(13)} PEER`);
  for (const r of rows) {
    const status = running ? r.status : 'not dialled';
    const seen = running && r.status === 'connected' ? 'now' : r.lastSeen === null ? 'never' : ago(now - r.lastSeen);
    ctx.out(
      `${status.padEnd(11)} ${lagText(r.weLack).padStart(8)} ${lagText(r.theyLack).padStart(9)}  ${seen.padEnd(13)} ` +
        `${r.url}${r.insecure ? '  [insecure link]' : ''}`,
    );
    if (running && r.status !== 'connected' && r.reason !== null) ctx.out(`${''.padEnd(45)}${r.reason}`);
  }
}

export async function peer(ctx: CliContext, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { workspace: { type: 'string' }, insecure: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (sub !== 'add' && sub !== 'remove' && sub !== 'list') throw new UsageError(peerHelp);
  const dir = ctx.workspaceDir(values.workspace);
  const file = join(dir, JOURNAL_FILE);
  if (!existsSync(file)) throw new WorkspaceError(dir, `no journal here (${JOURNAL_FILE}); create one with \`commandpost init\``);
  const url = positionals[0];
  if (sub !== 'list' && url === undefined) throw new UsageError(`peer ${sub} needs a URL\n${peerHelp}`);
  // The peers table only: no need to load the workspace's projection for it.
  const db = openDatabase(file, { create: false });
  try {
    const store = new PeerStore(db);
    if (url === undefined) printList(ctx, store.list());
    else if (sub === 'add') {
      const normal = parsePeerUrl(url, values.insecure === true);
      const insecure = insecureLink(normal, values.insecure === true);
      const added = store.add(normal, insecure, ctx.clock.now());
      ctx.out(
        `${added ? 'Added' : 'Updated'} peer ${normal}${insecure ? ' (insecure link allowed)' : ''}. A running \`commandpost serve\` dials it within a second.`,
      );
    } else if (sub === 'remove') {
      let normal = url;
      try {
        normal = parsePeerUrl(url, true);
      } catch {
        // Removing asks nothing of the URL: take it as spelled.
      }
      if (!store.remove(normal)) throw new UsageError(`${url} is not a peer of this workspace; see \`commandpost peer list\``);
      ctx.out(`Removed peer ${normal}.`);
    } else printList(ctx, store.list());
  } finally {
    db.close();
  }
  return 0;
}
