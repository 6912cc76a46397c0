import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Per-installation configuration (device identity, workspaces), in the OS's
 * usual place: ~/.config/commandpost on Linux, ~/Library/Application Support
 * on macOS, %APPDATA% on Windows. COMMANDPOST_HOME overrides it.
 */
export function configDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.COMMANDPOST_HOME) return env.COMMANDPOST_HOME;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'commandpost');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'commandpost');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'commandpost');
}

export function defaultWorkspaceDir(config: string): string {
  return join(config, 'workspaces', 'default');
}

export const JOURNAL_FILE = 'journal.sqlite';

/** Bundled data (demo workspace, policies). Both the sources and the build sit two levels below the repo root. */
export function resourcesDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.COMMANDPOST_RESOURCES ?? fileURLToPath(new URL('../../resources', import.meta.url));
}
