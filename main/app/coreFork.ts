import { join } from 'node:path';
import { MessageChannelMain, utilityProcess } from 'electron';
import type { SpawnedCore } from './coreSupervisor';

// Start the core's utility process (out/main/core.js, built beside the
// app's own bundle: electron.vite.config.ts) and give it its end of a fresh
// MessageChannel; it finds the port on `process.parentPort` (main/core/main.ts).
// The environment is the app's, with the packaged resources path, so the core
// finds the demo workspace and, from a checkout, the Electron build of
// better-sqlite3 (COMMANDPOST_SQLITE_BINDING).

const CORE_ENTRY = 'core.js';

export function forkCore(mainDir: string, env: NodeJS.ProcessEnv): SpawnedCore {
  const child = utilityProcess.fork(join(mainDir, CORE_ENTRY), [], { serviceName: 'Command Post core', env, stdio: 'inherit' });
  const { port1, port2 } = new MessageChannelMain();
  child.postMessage({ type: 'connect' }, [port2]);
  return { child, port: port1 };
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
