import type { Clock } from '../../shared/clock';
import type { Signer } from '../../shared/journal';
import { loadDemo } from './demo';
import { createDemoApprover, type KeyVault } from './demoApprover';
import { Workspace } from './workspace';

export interface DemoWorkspaceOptions {
  dir: string;
  /** Default 'Online shop (demo)'. */
  name?: string;
  creatorName: string;
  /** This device: the workspace's creator, admin and the demo incident's commander. */
  signer: Signer;
  /** This device's secret store, which keeps the demo approver's key. */
  vault: KeyVault;
  resources: string;
  clock: Clock;
}

/**
 * The demo workspace as every entry point makes it (`serve --demo`,
 * `init --demo`, the desktop app's first run): the bundled catalog, policy and
 * live incident, and a second member, the demo approver, so one machine can
 * show a full two-person approval. Closed again before it resolves.
 */
export async function createDemoWorkspace(opts: DemoWorkspaceOptions): Promise<{ id: string; name: string; entries: number }> {
  const ws = Workspace.create({
    dir: opts.dir,
    name: opts.name ?? 'Online shop (demo)',
    creatorName: opts.creatorName,
    signer: opts.signer,
    clock: opts.clock,
  });
  try {
    const approver = await createDemoApprover(opts.vault, ws.id);
    loadDemo(ws, opts.resources, opts.clock, { approver });
    return { id: ws.id, name: ws.name, entries: ws.store.count() };
  } finally {
    ws.close();
  }
}
