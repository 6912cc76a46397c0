import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../shared/clock';
import { generateKeyPair, nodeCrypto, signerFromSeed } from '../../../main/crypto';
import { JOURNAL_FILE, Workspace } from '../../../main/workspace';
import {
  exportJsonl,
  readJsonl,
  verifyExportFile,
  type ExportVerifyOptions,
  type ExportVerifyReport,
  type JournalStore,
  type VerifyFailure,
} from '../../../main/journal';
import type { Signer, WireEntry } from '../../../shared/journal';
import { Projector, stateHash } from '../../../shared/state';

/** A fixed, plausible start time (2025-06-15T15:06:40Z) for manual clocks. */
export const T0 = 1_750_000_000_000;

const made: string[] = [];

/** A fresh directory under the OS temp dir; removed by cleanupTempDirs(). */
export function tempDir(prefix = 'cp-journal-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function cleanupTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

export function newSigner(): { signer: Signer; seed: string } {
  const { seed } = generateKeyPair();
  return { signer: signerFromSeed(seed), seed };
}

export interface TestWorkspace {
  ws: Workspace;
  dir: string;
  file: string;
  signer: Signer;
  clock: ManualClock;
}

/** The creator's key of each workspace made by createWorkspace, so exportWires can sign the trailer as the CLI does. */
const creators = new Map<string, Signer>();

/** A real workspace in a fresh temp dir, created by a freshly generated device key. */
export function createWorkspace(name = 'Test workspace', clock = new ManualClock(T0)): TestWorkspace {
  const dir = tempDir('cp-ws-');
  const { signer } = newSigner();
  const ws = Workspace.create({ dir, name, creatorName: 'Alex Admin', signer, clock });
  creators.set(ws.id, signer);
  return { ws, dir, file: join(dir, JOURNAL_FILE), signer, clock };
}

/**
 * Export the journal as `journal export` does, with a trailer signed by
 * `signer` (default: the creator of a createWorkspace workspace; none when
 * unknown), and read back every entry as wire entries (what sync moves).
 */
export async function exportWires(store: JournalStore, dir = tempDir('cp-export-'), signer?: Signer): Promise<{ file: string; wires: WireEntry[] }> {
  const file = join(dir, 'journal.jsonl');
  const workspace = store.meta('workspace');
  const by = signer ?? (workspace === null ? undefined : creators.get(workspace));
  exportJsonl(store, file, by === undefined || workspace === null ? undefined : { signer: by, workspace, clock: { now: () => T0 } });
  const failures: VerifyFailure[] = [];
  const items = await readJsonl(file, (f) => failures.push(f));
  if (failures.length > 0) throw new Error(`export did not read back: ${JSON.stringify(failures)}`);
  return { file, wires: items.map((i) => i.wire) };
}

/** What `commandpost journal verify FILE.jsonl` does: read every line strictly, verify the lot and the trailer. */
export function verifyFile(file: string, opts: ExportVerifyOptions = {}): Promise<ExportVerifyReport> {
  return verifyExportFile(nodeCrypto, file, opts);
}

/** The state hash a peer gets by folding every stored entry from scratch (no checkpoint, no incremental steps). */
export function freshFoldHash(store: JournalStore): string {
  const projector = new Projector(nodeCrypto, store);
  for (const e of store.equivocations()) projector.markEquivocation(e.author, e.seq, null);
  projector.refold();
  return stateHash(nodeCrypto, projector.state);
}
