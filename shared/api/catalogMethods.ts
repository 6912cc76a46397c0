import { z } from 'zod';

// API methods for the catalog (issue 7: Backstage import from the console);
// merged into `methods` in contract.ts. The console sends the files' text,
// never a path: the host reads nothing on the renderer's behalf.

const Source = z.object({ name: z.string().min(1).max(500), text: z.string().max(1024 * 1024) }).strict();

export const catalogMethods = {
  /**
   * Import Backstage catalog-info.yaml documents: all or nothing (any problem
   * names file, line and field and nothing is written); unknown kinds are
   * skipped and reported; only what differs from the workspace is appended.
   */
  'catalog:import': {
    params: z.object({ files: z.array(Source).min(1).max(500), dryRun: z.boolean().default(false) }).strict(),
    result: z.object({
      files: z.array(z.string()),
      imported: z.number().int(),
      skipped: z.array(z.string()),
      notes: z.array(z.string()),
      /** One line per entry appended (or, on a dry run, that would be). */
      changes: z.array(z.string()),
      counts: z.object({ teams: z.number().int(), services: z.number().int(), edgesAdded: z.number().int(), edgesRemoved: z.number().int() }),
      appended: z.number().int(),
      dryRun: z.boolean(),
    }),
  },
} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>;
