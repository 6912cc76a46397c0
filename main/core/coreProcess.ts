import type { StateChangedEvent } from '../../shared/api';
import type { Clock } from '../../shared/clock';
import { approvalNotices, assignmentNotices, type Notice } from '../../shared/notices';
import { apiError, describeZodError, respondToFrame } from '../api';
import { configDir } from '../workspace';
import type { Core } from './core';
import { deviceSecretStores, openDeviceCore } from './deviceCore';
import { ToCoreSchema, type CorePort, type FromCore } from './portProtocol';
import { RemoteSecretStore } from './remoteSecretStore';

// The desktop core's utility process: Electron's main process forks it
// (main/app/coreSupervisor.ts) and hands it a MessagePort through
// `process.parentPort`; everything after that goes over the port
// (portProtocol.ts). SQLite, the fold, sync and dispatch all run here, so
// neither the window nor Electron's main loop ever waits on them.

export interface CoreProcessOptions {
  /** `process.parentPort` of an Electron utility process (a stand-in in tests). */
  parentPort: CorePort;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  pid: number;
}

/** What this device should be told of a change: tasks assigned to it, approvals it could give. */
function noticesFor(event: StateChangedEvent, core: Core): Notice[] {
  const state = core.feed.workspace.state;
  return [...assignmentNotices(event.added, core.me, (id) => state.tasks[id]?.title), ...approvalNotices(event.added, core.me, state)];
}

/** Serve the core on the first port the main process sends; later ports are ignored (one main process, one core). */
export function serveCoreProcess(opts: CoreProcessOptions): void {
  let connected = false;
  opts.parentPort.on('message', (event) => {
    const port = event.ports?.[0];
    if (port === undefined || connected) return;
    connected = true;
    void runCore(port, opts);
  });
}

async function runCore(port: CorePort, opts: CoreProcessOptions): Promise<void> {
  const post = (message: FromCore): void => port.postMessage(message);
  const log = (line: string): void => post({ type: 'log', line });
  const safeStorage = new RemoteSecretStore((request) => post(request));
  let core: Core | null = null;
  let closeAsked = false;
  // 'closed' goes out whatever happens, so quitting never waits for the kill timeout; a failed checkpoint is said, not thrown into the port's handler.
  const close = (): void => {
    try {
      core?.close();
    } catch (err) {
      log(`closing the workspace failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      post({ type: 'closed' });
    }
  };

  port.on('message', (event) => {
    const parsed = ToCoreSchema.safeParse(event.data);
    if (!parsed.success) return log(`the core ignored a message it does not understand: ${describeZodError('message', parsed.error)}`);
    const message = parsed.data;
    if (message.type === 'secret') safeStorage.answered(message);
    else if (message.type === 'request') {
      const frame = core === null ? respondToFrame(message.frame, () => apiError('internal', 'the core is not open yet')) : core.respond(message.frame);
      post({ type: 'response', frame });
    } else {
      closeAsked = true;
      if (core !== null) close();
    }
  });
  port.start?.();

  try {
    const config = configDir(opts.env);
    const opened = await openDeviceCore({
      configDir: config,
      env: opts.env,
      stores: deviceSecretStores(config, opts.env, safeStorage),
      clock: opts.clock,
      log,
    });
    const running = opened.core;
    core = running;
    running.onEvent((frame) => post({ type: 'event', frame }));
    running.feed.onChange((event) => {
      const notices = noticesFor(event, running);
      if (notices.length > 0) post({ type: 'notices', notices });
    });
    if (closeAsked) return close();
    running.start();
    post({ type: 'ready', pid: opts.pid, me: running.me, workspaceDir: opened.workspaceDir, createdDemo: opened.createdDemo });
  } catch (err) {
    safeStorage.abandon('the core stopped starting');
    try {
      core?.close();
    } catch {
      // Already failing: the start error below is the one to report.
    }
    core = null;
    post({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  }
}
