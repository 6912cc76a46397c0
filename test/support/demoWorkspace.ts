import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Signer } from '../../shared/journal';
import { systemClock } from '../../main/clock';
import { generateKeyPair, signerFromSeed } from '../../main/crypto';
import { Workspace, loadDemo } from '../../main/workspace';

// Temporary directories and the demo workspace, for unit and integration
// tests alike (a unit test never imports an integration harness).

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const resources = join(root, 'resources');

const made: string[] = [];

/** A new temporary directory, removed by cleanupTempDirs(). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function cleanupTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A demo workspace in a temp dir, created by a fresh device key; closed, ready for a host to open. */
export function demoWorkspace(): { dir: string; signer: Signer; seed: string; base: string } {
  const base = tempDir('cp-host-');
  const dir = join(base, 'ws');
  const { seed } = generateKeyPair();
  const signer = signerFromSeed(seed);
  const ws = Workspace.create({ dir, name: 'Host test', creatorName: 'Alex Admin', signer, clock: systemClock });
  loadDemo(ws, resources, systemClock);
  ws.close();
  return { dir, signer, seed, base };
}
