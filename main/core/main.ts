import { systemClock } from '../clock';
import { serveCoreProcess } from './coreProcess';
import type { CorePort } from './portProtocol';

// Entry point of the desktop core's utility process (out/main/core.js),
// forked by the Electron main process (main/app/coreSupervisor.ts). Electron
// gives a utility process `process.parentPort`; anywhere else this file has
// nothing to talk to.
const parentPort = (process as NodeJS.Process & { parentPort?: CorePort }).parentPort;
if (parentPort === undefined) {
  process.stderr.write('commandpost: out/main/core.js is the desktop app’s core process; the app starts it (use `commandpost serve` for a headless core)\n');
  process.exit(2);
}
serveCoreProcess({ parentPort, env: process.env, clock: systemClock, pid: process.pid });
