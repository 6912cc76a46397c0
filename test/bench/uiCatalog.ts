// Workspaces for the UI benchmark, written with the real journal API
// (Workspace.create + appendMany of the catalog entries), signed by the
// device identity `commandpost serve` will load from the same config dir, so
// the served host may append to them.
import { join } from 'node:path';
import type { CatalogFile } from '../../main/catalog';
import { catalogEntries, catalogProblem } from '../../main/catalog';
import { CliContext } from '../../main/cli/context';
import { systemClock } from '../../main/clock';
import { Workspace } from '../../main/workspace';
import type { EntryDraft } from '../../shared/entries';
import type { Signer } from '../../shared/journal';
import { cliEnv } from '../e2e/serveHarness';
import { seededRandom as prng } from '../support/seededRandom';

export interface GeneratedCatalog {
  catalog: CatalogFile;
  services: number;
  teams: number;
  dependsOn: number;
  ownedBy: number;
}

/**
 * `services` services spread evenly over `teams` teams, with exactly `edges`
 * distinct dependsOn edges forming a DAG (a service depends only on services
 * generated before it): about 70% inside the owning team, 30% across teams,
 * which is what real catalogs look like and what the layout clusters by.
 */
export function generateCatalog(opts: { services: number; teams: number; edges: number; seed?: number }): GeneratedCatalog {
  const random = prng(opts.seed ?? 42);
  const teams = Array.from({ length: opts.teams }, (_, t) => ({
    id: `team-${String(t).padStart(2, '0')}`,
    name: `Team ${String(t).padStart(2, '0')}`,
    channel: `#team-${t}`,
  }));
  const services = Array.from({ length: opts.services }, (_, i) => ({
    id: `svc-${String(i).padStart(4, '0')}`,
    name: `Service ${String(i).padStart(4, '0')}`,
    team: teams[i % opts.teams]!.id,
    tier: 1 + (i % 4),
    description: '',
    dependsOn: [] as string[],
  }));
  const maxEdges = (opts.services * (opts.services - 1)) / 2;
  if (opts.edges > maxEdges) throw new Error(`cannot place ${opts.edges} distinct edges among ${opts.services} services`);
  const seen = new Set<string>();
  let placed = 0;
  while (placed < opts.edges) {
    const from = 1 + Math.floor(random() * (opts.services - 1));
    let to: number;
    if (random() < 0.7 && from >= opts.teams) {
      // Same team: services of team k are k, k + T, k + 2T, ...
      const sameTeamBefore = Math.floor(from / opts.teams);
      to = from - opts.teams * (1 + Math.floor(random() * sameTeamBefore));
    } else {
      to = Math.floor(random() * from);
    }
    const key = `${from}>${to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    services[from]!.dependsOn.push(services[to]!.id);
    placed++;
  }
  const catalog: CatalogFile = { teams, services };
  const problem = catalogProblem(catalog);
  if (problem !== null) throw new Error(`generated catalog is inconsistent: ${problem}`);
  return { catalog, services: opts.services, teams: opts.teams, dependsOn: placed, ownedBy: opts.services };
}

/** The device identity `commandpost serve` will use with COMMANDPOST_HOME=<home>/config (created when missing). */
export async function deviceSigner(home: string): Promise<Signer> {
  const ctx = new CliContext({ env: cliEnv(home), stdout: () => undefined, stderr: () => undefined, stdin: null });
  const me = await ctx.identity(true);
  return me.signer;
}

/** Create the benchmark workspace: the catalog, every service healthy. Closed on return. */
export function createCatalogWorkspace(dir: string, signer: Signer, generated: GeneratedCatalog): { entries: number } {
  const ws = Workspace.create({ dir, name: `UI bench (${generated.services} services)`, creatorName: 'Bench Commander', signer, clock: systemClock });
  try {
    const items: EntryDraft[] = [
      ...catalogEntries(generated.catalog),
      ...generated.catalog.services.map((s): EntryDraft => ({ kind: 'service.status', body: { service: s.id, status: 'healthy' } })),
    ];
    ws.appendMany(items);
    return { entries: ws.store.count() };
  } finally {
    ws.close();
  }
}

/** Append `count` notes in batches of `batch` with appendMany (the host must not be running). */
export function appendNotes(dir: string, signer: Signer, count: number, batch: number): void {
  const ws = Workspace.open({ dir, clock: systemClock, signer });
  try {
    for (let done = 0; done < count; done += batch) {
      const n = Math.min(batch, count - done);
      ws.appendMany(
        Array.from({ length: n }, (_, k): EntryDraft => ({
          kind: 'note.add',
          body: { text: `Bench note ${done + k + 1}: status check of svc-${String((done + k) % 1000).padStart(4, '0')}` },
        })),
      );
    }
  } finally {
    ws.close();
  }
}

export const workspaceDirIn = (home: string) => join(home, 'ws');
