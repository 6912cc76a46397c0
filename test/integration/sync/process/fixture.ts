import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock } from '../../../../main/clock';
import { nodeCrypto } from '../../../../main/crypto';
import { FileStore, loadOrCreateDeviceIdentity } from '../../../../main/identity';
import { JournalStore, exportJsonl, readJsonl, verifyEntriesParallel, type VerifyFailure, type VerifyReport } from '../../../../main/journal';
import { JOURNAL_FILE, Workspace } from '../../../../main/workspace';
import { toWire, type Signer } from '../../../../shared/journal';

/** The passphrase of every test device's key file (given to the peer processes as COMMANDPOST_PASSPHRASE). */
export const TEST_PASSPHRASE = 'process-test-passphrase';

export interface DeviceDirs {
  name: string;
  /** Config dir: identity.json and the encrypted key file. */
  config: string;
  /** Workspace dir (the journal). */
  dir: string;
  signer: Signer;
}

/**
 * A device identity kept exactly as the CLI keeps it on a machine without a
 * keychain (the passphrase-encrypted file store), so the peer process loads
 * its key through the real identity code.
 */
export async function makeDevice(root: string, name: string): Promise<DeviceDirs> {
  const config = join(root, name, 'config');
  mkdirSync(config, { recursive: true });
  const identity = await loadOrCreateDeviceIdentity({
    configDir: config,
    stores: [new FileStore({ dir: config, passphrase: () => Promise.resolve(TEST_PASSPHRASE) })],
    log: () => undefined,
    create: true,
  });
  return { name, config, dir: join(root, name, 'workspace'), signer: identity.signer };
}

/**
 * Found the workspace on `founder` with every other device as a responder,
 * and write its genesis entry to a file for the others to join from.
 * Returns the genesis file and the number of entries the founder holds.
 */
export function foundWorkspace(root: string, founder: DeviceDirs, members: readonly DeviceDirs[]): { genesisFile: string; entries: number } {
  const ws = Workspace.create({ dir: founder.dir, name: 'Partition drill', creatorName: founder.name, signer: founder.signer, clock: systemClock });
  try {
    for (const m of members) ws.append('roster.memberPut', { member: m.signer.publicKey, name: m.name, roles: ['responder'], teams: [] });
    const genesis = [...ws.store.entriesAfter(null)][0];
    if (genesis === undefined) throw new Error('a new workspace has no genesis entry');
    const genesisFile = join(root, 'genesis.json');
    writeFileSync(genesisFile, JSON.stringify(toWire(genesis)));
    return { genesisFile, entries: ws.store.count() };
  } finally {
    ws.close();
  }
}

/**
 * What `commandpost journal verify` does to an export: export the peer's
 * journal (after its process stopped) and check every signature, chain,
 * redaction and authorization (on all cores, as the CLI does), folding it afresh. The report's stateHash is
 * that independent fold's.
 */
export async function verifyExport(dir: string, outFile: string): Promise<VerifyReport> {
  const store = JournalStore.open(join(dir, JOURNAL_FILE), nodeCrypto, { create: false, readonly: true });
  try {
    exportJsonl(store, outFile);
  } finally {
    store.close();
  }
  const failures: VerifyFailure[] = [];
  const items = await readJsonl(outFile, (f) => failures.push(f));
  return verifyEntriesParallel(nodeCrypto, items, failures);
}
