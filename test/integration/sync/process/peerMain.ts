// One sync peer as its own OS process, for the multi-process sync tests and
// the sync benchmark (they run it with `node --import tsx`):
//
//   peerMain.ts --dir WORKSPACE --config CONFIG_DIR [--genesis FILE] [--port N]
//               [--dial URL]... [--limits JSON] [--backoff-max-ms N] [--dial-timeout-ms N]
//
// The device key is loaded the way the CLI keeps it without a keychain:
// CONFIG_DIR/identity.json plus the passphrase-encrypted key file
// (COMMANDPOST_PASSPHRASE). The workspace in WORKSPACE is opened, or joined
// from the genesis entry in FILE (one wire entry as JSON) when there is none.
// Commands come on stdin and replies and events go to stdout, one JSON object
// a line (see protocol.ts); the sync log goes to stderr. stdin closing means
// the parent is gone: the peer shuts down.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { systemClock, systemRandom, nodeTimers } from '../../../../main/clock';
import { FileStore, PASSPHRASE_ENV, loadOrCreateDeviceIdentity } from '../../../../main/identity';
import { Reconnector, SyncNode, SyncServer, WorkspaceJournal, joinWorkspace, wsDialer, type PeerSession } from '../../../../main/sync';
import { JOURNAL_FILE, Workspace } from '../../../../main/workspace';
import type { EntryDraft } from '../../../../shared/entries';
import { WireEntrySchema } from '../../../../shared/journal';
import { PeerCommand, type PeerLine, type PeerStatus } from './protocol';

const LimitsArg = z.strictObject({
  batchEntries: z.number().int().positive().optional(),
  window: z.number().int().positive().optional(),
  heartbeatMs: z.number().int().positive().optional(),
  idleTimeoutMs: z.number().int().positive().optional(),
  ackTimeoutMs: z.number().int().positive().optional(),
  importEntries: z.number().int().positive().optional(),
});

const { values: args } = parseArgs({
  options: {
    dir: { type: 'string' },
    config: { type: 'string' },
    genesis: { type: 'string' },
    port: { type: 'string', default: '0' },
    dial: { type: 'string', multiple: true, default: [] },
    limits: { type: 'string', default: '{}' },
    'backoff-max-ms': { type: 'string', default: '2000' },
    'dial-timeout-ms': { type: 'string', default: '10000' },
  },
});

function say(line: PeerLine): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function main(): Promise<void> {
  if (args.dir === undefined || args.config === undefined)
    throw new Error('usage: peerMain.ts --dir WORKSPACE --config CONFIG_DIR [--genesis FILE] [--port N] [--dial URL]...');
  const configDir = args.config;
  const identity = await loadOrCreateDeviceIdentity({
    configDir,
    stores: [new FileStore({ dir: configDir, passphrase: () => Promise.resolve(process.env[PASSPHRASE_ENV] ?? null) })],
    log: (msg) => process.stderr.write(`${msg}\n`),
    create: false,
  });
  const { signer } = identity;
  const ws = existsSync(join(args.dir, JOURNAL_FILE))
    ? Workspace.open({ dir: args.dir, clock: systemClock, signer })
    : joinWorkspace({
        dir: args.dir,
        genesis: WireEntrySchema.parse(JSON.parse(readFileSync(requireArg(args.genesis, '--genesis'), 'utf8'))),
        signer,
        clock: systemClock,
      });
  const journal = new WorkspaceJournal(ws);
  const node = new SyncNode({
    journal,
    signer,
    clock: systemClock,
    limits: LimitsArg.parse(JSON.parse(args.limits)),
    log: (line) => process.stderr.write(`[${signer.publicKey.slice(0, 6)}] ${line}\n`),
  });
  // Every session, incoming or dialled, is kept so status can say what each sent and received,
  // after it ended too. Each emits at least 'closed' while still listed in node.sessions.
  const all = new Set<PeerSession>();
  node.onEvent((e) => {
    for (const s of node.sessions) all.add(s);
    if (e.type === 'stored') return;
    say({ t: 'event', type: e.type, peer: e.peer, ...(e.type === 'progress' ? { received: e.received, total: e.total } : {}) });
  });
  const server = await SyncServer.listen({ node, port: Number(args.port) });
  const reconnectors: Reconnector[] = [];
  const dial = (url: string) => {
    const r = new Reconnector({
      dial: wsDialer(url, { timeoutMs: Number(args['dial-timeout-ms']) }),
      attach: (link) => node.attach(link),
      timers: nodeTimers,
      random: systemRandom,
      backoff: { baseMs: 100, maxMs: Number(args['backoff-max-ms']) },
    });
    reconnectors.push(r);
    r.start();
  };

  let written = 0;
  const status = (): PeerStatus => {
    const view = (s: PeerSession) => {
      const why = s.state === 'closed' ? s.closeReason : null;
      return {
        label: s.label,
        peer: s.peer,
        state: s.state,
        ...s.progress,
        entriesSent: s.entriesSent,
        closeReason: typeof why === 'string' || why === null ? why : why.message,
      };
    };
    return {
      device: signer.publicKey,
      vv: ws.store.versionVector(),
      count: ws.store.count(),
      stateHash: ws.stateHash(),
      sessions: node.sessions.map(view),
      ended: [...all].filter((s) => s.state === 'closed').map(view),
    };
  };
  let stopping: Promise<void> | null = null;
  const quit = () =>
    (stopping ??= (async () => {
      for (const r of reconnectors) r.stop();
      node.close();
      await server.close();
      journal.stop();
      ws.close();
    })());
  const run = async (cmd: PeerCommand): Promise<void> => {
    switch (cmd.cmd) {
      case 'append': {
        // Mostly notes; every fifth an incident, so the projection (and its hash) changes too.
        const drafts = Array.from({ length: cmd.n }, (): EntryDraft => {
          written += 1;
          const tag = `${signer.publicKey.slice(0, 6)} #${written}`;
          return written % 5 === 0
            ? { kind: 'incident.open', body: { title: `Incident ${tag}`, severity: 3 } }
            : { kind: 'note.add', body: { text: `note ${tag}` } };
        });
        journal.appendMany(drafts);
        break;
      }
      case 'dial':
        dial(cmd.url);
        break;
      case 'quit':
        await quit();
        say({ t: 'reply', id: cmd.id, status: null, error: null });
        process.stdout.write('', () => process.exit(0));
        return;
      case 'status':
        break;
    }
    say({ t: 'reply', id: cmd.id, status: status(), error: null });
  };

  for (const url of args.dial) dial(url);
  say({ t: 'ready', device: signer.publicKey, url: server.url, port: server.port, status: status() });

  let queue = Promise.resolve();
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on('line', (text) => {
    // One command at a time, in order: a status after an append sees the append.
    queue = queue.then(async () => {
      let id = -1;
      try {
        const cmd = PeerCommand.parse(JSON.parse(text));
        id = cmd.id;
        await run(cmd);
      } catch (err) {
        say({ t: 'reply', id, status: null, error: err instanceof Error ? err.message : String(err) });
      }
    });
  });
  // The parent went away (or closed our stdin to say so): shut down cleanly rather than linger.
  lines.on('close', () => {
    void queue.then(quit).finally(() => process.exit(0));
  });
}

function requireArg(value: string | undefined, name: string): string {
  if (value === undefined) throw new Error(`${name} is needed: the workspace does not exist yet`);
  return value;
}

main().catch((err: unknown) => {
  process.stderr.write(`peer failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
