import { z } from 'zod';
import type { EntryDraft } from '../../shared/entries';
import { catalogDrafts, type DesiredCatalog, type DesiredEdge } from '../../shared/catalog';
import { emptyState, type WorkspaceState } from '../../shared/state';

const Slug = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected a lower-case slug');

export const CatalogFileSchema = z.strictObject({
  teams: z.array(z.strictObject({ id: Slug, name: z.string().min(1), channel: z.string().default('') })).default([]),
  services: z
    .array(
      z.strictObject({
        id: Slug,
        name: z.string().min(1),
        team: Slug.optional(),
        tier: z.number().int().min(1).max(4).optional(),
        description: z.string().default(''),
        dependsOn: z.array(Slug).default([]),
      }),
    )
    .default([]),
});
export type CatalogFile = z.infer<typeof CatalogFileSchema>;

/** Cross-reference checks the schema cannot express; null when the catalog is consistent. */
export function catalogProblem(catalog: CatalogFile): string | null {
  const teams = new Set(catalog.teams.map((t) => t.id));
  const services = new Set(catalog.services.map((s) => s.id));
  if (services.size !== catalog.services.length) return 'a service id appears twice';
  for (const s of catalog.services) {
    if (s.team !== undefined && !teams.has(s.team)) return `service ${s.id}: unknown team ${s.team}`;
    for (const d of s.dependsOn) if (!services.has(d)) return `service ${s.id}: depends on unknown service ${d}`;
  }
  return null;
}

/** Our catalog file as a desired catalog: it speaks for every edge leaving a service it lists. */
export function desiredCatalogOf(catalog: CatalogFile): DesiredCatalog {
  const listed = new Set(catalog.services.map((s) => s.id));
  return {
    teams: catalog.teams.map((t) => ({ id: t.id, name: t.name, channel: t.channel })),
    services: catalog.services.map((s) => ({ id: s.id, name: s.name, description: s.description, tier: s.tier ?? null })),
    edges: catalog.services.flatMap((s): DesiredEdge[] => [
      ...(s.team !== undefined ? [{ type: 'ownedBy' as const, from: s.id, to: s.team }] : []),
      ...s.dependsOn.map((d) => ({ type: 'dependsOn' as const, from: s.id, to: d })),
    ]),
    governs: (edge) => listed.has(edge.from),
  };
}

/**
 * The journal entries that make a workspace hold a catalog: teams, services,
 * then edges; only what differs from `state` (all of it for a new workspace).
 */
export function catalogEntries(catalog: CatalogFile, state: Readonly<WorkspaceState> = emptyState()): EntryDraft[] {
  return catalogDrafts(desiredCatalogOf(catalog), state);
}
