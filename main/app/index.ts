import { startApp } from './lifecycle';

// Entry point of the Electron main process (out/main/app.js). Everything is
// in lifecycle.ts, which the tests drive against a mocked 'electron'.
startApp();
