import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCatalogInfo, type LocatedEntity, type SourceNote } from '../../../../shared/catalog';

/** The vendored Backstage example files and schemas (test/fixtures/SOURCE.md names their origin; never read at runtime). */
export const BACKSTAGE_FIXTURES = fileURLToPath(new URL('../../../fixtures/backstage/', import.meta.url));
export const EXAMPLES = join(BACKSTAGE_FIXTURES, 'examples');

export function exampleFiles(dir = EXAMPLES): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith('.yaml'))
    .map((d) => join(d.parentPath, d.name))
    .sort();
}

/** Every example document, parsed, with file names relative to the examples folder. */
export function parseExamples(): { entities: LocatedEntity[]; skipped: SourceNote[]; errors: SourceNote[] } {
  const out = { entities: [] as LocatedEntity[], skipped: [] as SourceNote[], errors: [] as SourceNote[] };
  for (const file of exampleFiles()) {
    const parsed = parseCatalogInfo(file.slice(EXAMPLES.length + 1), readFileSync(file, 'utf8'));
    out.entities.push(...parsed.entities);
    out.skipped.push(...parsed.skipped);
    out.errors.push(...parsed.errors);
  }
  return out;
}
