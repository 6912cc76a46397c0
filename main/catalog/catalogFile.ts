import { z } from 'zod';
import type { EntryDraft } from '../../shared/entries';

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

/** The journal entries that put a catalog into a workspace: teams, services, then edges. */
export function catalogEntries(catalog: CatalogFile): EntryDraft[] {
  const items: EntryDraft[] = [];
  for (const t of catalog.teams) items.push({ kind: 'catalog.teamPut', body: { team: t.id, name: t.name, channel: t.channel } });
  for (const s of catalog.services) {
    items.push({ kind: 'catalog.servicePut', body: { service: s.id, name: s.name, description: s.description, tier: s.tier ?? null } });
  }
  for (const s of catalog.services) {
    if (s.team !== undefined) items.push({ kind: 'catalog.edgeAdd', body: { type: 'ownedBy', from: s.id, to: s.team } });
    for (const d of s.dependsOn) items.push({ kind: 'catalog.edgeAdd', body: { type: 'dependsOn', from: s.id, to: d } });
  }
  return items;
}
