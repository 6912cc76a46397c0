import { resolve } from 'node:path';
import type { Clock } from '../../shared/clock';
import { systemClock } from '../clock';
import {
  FileStore,
  KeytarStore,
  SECRET_STORE_ENV,
  loadOrCreateDeviceIdentity,
  passphraseFromEnvOrPrompt,
  storesFromPreference,
  type DeviceIdentity,
  type PromptInput,
  type SecretStore,
} from '../identity';
import { Workspace, configDir, defaultWorkspaceDir } from '../workspace';

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

  constructor(readonly io: CliIo) {
    this.clock = io.clock ?? systemClock;
    this.configDir = configDir(io.env);
  }

  out(line = ''): void {
    this.io.stdout(`${line}\n`);
  }

  warn(line: string): void {
    this.io.stderr(`${line}\n`);
  }

  workspaceDir(flag: string | undefined): string {
    return resolve(flag ?? this.io.env.COMMANDPOST_WORKSPACE ?? defaultWorkspaceDir(this.configDir));
  }

  /** The secret stores this process can offer, in order of preference (the Electron app adds safeStorage). */
  secretStores(): SecretStore[] {
    const stdin = this.io.stdin;
    const candidates: SecretStore[] = [
      new KeytarStore(),
      new FileStore({
        dir: this.configDir,
        passphrase: () =>
          passphraseFromEnvOrPrompt(this.io.env, stdin ?? NO_INPUT, {
            write: (s: string) => {
              this.io.stderr(s);
              return true;
            },
          }),
      }),
    ];
    return storesFromPreference(candidates, this.io.env[SECRET_STORE_ENV]);
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
    const id = await this.identity(false);
    return Workspace.open({ dir: this.workspaceDir(dir), clock: this.clock, signer: id.signer });
  }
}
