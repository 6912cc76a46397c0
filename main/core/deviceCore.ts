import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Clock } from '../../shared/clock';
import { secretsFromStore } from '../connectors';
import { FileStore, KeytarStore, PASSPHRASE_ENV, SECRET_STORE_ENV, loadOrCreateDeviceIdentity, storesFromPreference } from '../identity';
import type { SecretStore } from '../identity';
import { useSqliteBinding } from '../journal';
import { JOURNAL_FILE, createDemoWorkspace, defaultWorkspaceDir, resourcesDir } from '../workspace';
import { openCore, type Core } from './core';

// The desktop app's core, opened as this device: the workspace named by
// COMMANDPOST_WORKSPACE (else the default one), created with the demo on a
// first run, as `commandpost serve --demo` does, so the window shows
// something real. Runs in the core's utility process (coreProcess.ts).

/**
 * The secret stores the desktop core offers, best first: the OS keychain
 * (keytar), Electron safeStorage (which exists only in Electron's main
 * process, so the core reaches it over its port: remoteSecretStore.ts), then
 * the passphrase file (the passphrase only from COMMANDPOST_PASSPHRASE: a
 * desktop app has no terminal to prompt on). COMMANDPOST_SECRET_STORE picks
 * one, as in the CLI.
 */
export function deviceSecretStores(configDir: string, env: NodeJS.ProcessEnv, safeStorage: SecretStore): SecretStore[] {
  const file = new FileStore({ dir: configDir, passphrase: () => Promise.resolve(env[PASSPHRASE_ENV] || null) });
  return storesFromPreference([new KeytarStore(), safeStorage, file], env[SECRET_STORE_ENV]);
}

export interface DeviceCoreOptions {
  configDir: string;
  env: NodeJS.ProcessEnv;
  stores: readonly SecretStore[];
  clock: Clock;
  log: (line: string) => void;
}

export interface DeviceCore {
  core: Core;
  workspaceDir: string;
  /** True when this start created the demo workspace (first run). */
  createdDemo: boolean;
}

export async function openDeviceCore(opts: DeviceCoreOptions): Promise<DeviceCore> {
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
  const core = openCore({
    workspaceDir: dir,
    signer: me.signer,
    clock: opts.clock,
    log: opts.log,
    transport: 'electron-ipc',
    // Connector secrets come from the store that holds the device key (chosen once, above).
    secrets: secretsFromStore(me.store),
  });
  return { core, workspaceDir: dir, createdDemo: firstRun };
}
