import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Clock } from '../../shared/clock';
import { secretsFromStore } from '../connectors';
import { ChangeFeed } from '../workspace';
import { DispatchService } from '../dispatch';
import { ExerciseTicker } from '../exercise';
import { PlaybookService } from '../playbook';
import { PeerSync } from '../sync';
import { useSqliteBinding } from '../journal';
import {
  FileStore,
  KeytarStore,
  PASSPHRASE_ENV,
  SECRET_STORE_ENV,
  loadOrCreateDeviceIdentity,
  selectSecretStore,
  storesFromPreference,
  type SecretStore,
} from '../identity';
import { JOURNAL_FILE, createDemoWorkspace, defaultWorkspaceDir, resourcesDir } from '../workspace';

// What the desktop app runs: the same core as `commandpost serve` (device
// identity, workspace, change feed), opened from the Electron composition
// root. Nothing here imports Electron; the safeStorage store is handed in.

/**
 * The secret stores the app offers, best first: the OS keychain (keytar),
 * Electron safeStorage, then the passphrase file (the passphrase only from
 * COMMANDPOST_PASSPHRASE: a desktop app has no terminal to prompt on).
 * COMMANDPOST_SECRET_STORE picks one, as in the CLI.
 */
export function appSecretStores(configDir: string, env: NodeJS.ProcessEnv, safeStorage: SecretStore): SecretStore[] {
  const file = new FileStore({ dir: configDir, passphrase: () => Promise.resolve(env[PASSPHRASE_ENV] || null) });
  return storesFromPreference([new KeytarStore(), safeStorage, file], env[SECRET_STORE_ENV]);
}

/**
 * Inside a packaged app the bundled data (demo workspace, …) sits in
 * `process.resourcesPath/resources` (electron-builder.yml extraResources),
 * not beside the code; the demo loader finds it through COMMANDPOST_RESOURCES.
 * An explicit COMMANDPOST_RESOURCES wins.
 */
export function withPackagedResources(env: NodeJS.ProcessEnv, isPackaged: boolean, resourcesPath: string): NodeJS.ProcessEnv {
  if (!isPackaged || env.COMMANDPOST_RESOURCES) return env;
  return { ...env, COMMANDPOST_RESOURCES: join(resourcesPath, 'resources') };
}

export interface CoreOptions {
  configDir: string;
  env: NodeJS.ProcessEnv;
  stores: readonly SecretStore[];
  clock: Clock;
  log: (line: string) => void;
}

export interface Core {
  feed: ChangeFeed;
  /** Peer sync with the peers listed in the workspace (`commandpost peer add`); started by the caller. */
  sync: PeerSync;
  /** Sends the actions this device executes once the policy allows them; started by the caller. */
  dispatch: DispatchService;
  /** Takes the playbook runs this device started further; started by the caller. */
  playbooks: PlaybookService;
  /** Fires exercise injects on time while this device facilitates; started by the caller. */
  ticker: ExerciseTicker;
  /** This device's member key. */
  me: string;
  workspaceDir: string;
  /** True when this start created the demo workspace (first run). */
  createdDemo: boolean;
}

/**
 * Open the workspace (COMMANDPOST_WORKSPACE, else the default one) as this
 * device. On a first run, with no journal yet, create the device identity and
 * the demo workspace, as `commandpost serve --demo` does, so the window shows
 * something real.
 */
export async function openCore(opts: CoreOptions): Promise<Core> {
  // From a source checkout `npm start` passes an Electron-ABI build of better-sqlite3 (see scripts/start.mjs).
  if (opts.env.COMMANDPOST_SQLITE_BINDING) useSqliteBinding(opts.env.COMMANDPOST_SQLITE_BINDING);
  const dir = resolve(opts.env.COMMANDPOST_WORKSPACE ?? defaultWorkspaceDir(opts.configDir));
  const firstRun = !existsSync(join(dir, JOURNAL_FILE));
  const me = await loadOrCreateDeviceIdentity({ configDir: opts.configDir, stores: opts.stores, log: opts.log, create: firstRun });
  if (firstRun) {
    await createDemoWorkspace({
      dir,
      creatorName: opts.env.USER ?? 'Incident commander',
      signer: me.signer,
      vault: me.store,
      resources: resourcesDir(opts.env),
      clock: opts.clock,
    });
    opts.log(`Created the demo workspace in ${dir}`);
  }
  const feed = ChangeFeed.open({ dir, clock: opts.clock, signer: me.signer, onError: (err) => opts.log(`watching the journal failed: ${err.message}`) });
  const sync = new PeerSync({ feed, signer: me.signer, clock: opts.clock, log: opts.log });
  // Connector secrets come from the same store as the device key, chosen when a connector first asks.
  let store: Promise<SecretStore> | null = null;
  const secrets = { get: async (name: string) => secretsFromStore(await (store ??= selectSecretStore(opts.stores, opts.log))).get(name) };
  const dispatch = new DispatchService({ feed, clock: opts.clock, secrets, log: opts.log });
  const ticker = new ExerciseTicker({ feed, clock: opts.clock, log: opts.log });
  const playbooks = new PlaybookService({ feed, clock: opts.clock, log: opts.log });
  return { feed, sync, dispatch, playbooks, ticker, me: me.publicKey, workspaceDir: dir, createdDemo: firstRun };
}
