import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Clock } from '../../shared/clock';
import { systemClock } from '../clock';
import {
  FileStore,
  KeytarStore,
  SECRET_STORE_ENV,
  envOrTerminalPassphrase,
  loadOrCreateDeviceIdentity,
  storesFromPreference,
  type DeviceIdentity,
  type PromptInput,
  type SecretStore,
} from '../identity';
import { Workspace, configDir, defaultWorkspaceDir } from '../workspace';
import { withoutRepeatedPrefix } from './errorText';

/** What a command gets from the process: streams, environment, clock. Tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadStream | null;
  clock?: Clock;
  /** All of standard input when it is a pipe, not a terminal (`connector secret set NAME < file`). */
  readInput?: () => Promise<string>;
}

const NO_INPUT: PromptInput = {
  isTTY: false,
  setEncoding: () => undefined,
  on: () => undefined,
  off: () => undefined,
  resume: () => undefined,
  pause: () => undefined,
};

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export class CliContext {
  readonly clock: Clock;
  readonly configDir: string;
  /** One set of stores per process: the file store asks for its passphrase once and keeps it, keytar warns once. */
  private stores: SecretStore[] | null = null;

  constructor(readonly io: CliIo) {
    this.clock = io.clock ?? systemClock;
    this.configDir = configDir(io.env);
  }

  out(line = ''): void {
    this.io.stdout(`${line}\n`);
  }

  warn(line: string): void {
    this.io.stderr(`${withoutRepeatedPrefix(line)}\n`);
  }

  /** The workspace directory from --workspace, COMMANDPOST_WORKSPACE or the default; refused (before anything is created) if it is a file. */
  workspaceDir(flag: string | undefined): string {
    const fromEnv = this.io.env.COMMANDPOST_WORKSPACE;
    const given = flag ?? (fromEnv !== undefined && fromEnv !== '' ? fromEnv : undefined);
    const dir = resolve(given ?? defaultWorkspaceDir(this.configDir));
    if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() === false) {
      const named = flag !== undefined ? `--workspace ${flag}` : given !== undefined ? `COMMANDPOST_WORKSPACE=${given}` : dir;
      throw new UsageError(`${named} is a file, not a directory`);
    }
    return dir;
  }

  /** The secret stores this process can offer, in order of preference (the Electron app adds safeStorage). */
  secretStores(): SecretStore[] {
    if (this.stores !== null) return this.stores;
    const prompt = { write: (s: string) => this.io.stderr(s) };
    const candidates: SecretStore[] = [
      new KeytarStore(),
      new FileStore({ dir: this.configDir, passphrase: envOrTerminalPassphrase(this.io.env, this.io.stdin ?? NO_INPUT, prompt) }),
    ];
    this.stores = storesFromPreference(candidates, this.io.env[SECRET_STORE_ENV]);
    return this.stores;
  }

  identity(create: boolean): Promise<DeviceIdentity> {
    return loadOrCreateDeviceIdentity({ configDir: this.configDir, stores: this.secretStores(), log: (m) => this.warn(m), create });
  }

  /** Open a workspace to read it; no device identity needed. */
  openToRead(dir: string | undefined): Workspace {
    return Workspace.open({ dir: this.workspaceDir(dir), clock: this.clock });
  }

  /** Open a workspace to write to it as this device. */
  async openAsMe(dir: string | undefined): Promise<Workspace> {
    const workspaceDir = this.workspaceDir(dir); // a bad --workspace is refused before any passphrase is asked for
    const id = await this.identity(false);
    return Workspace.open({ dir: workspaceDir, clock: this.clock, signer: id.signer });
  }
}
