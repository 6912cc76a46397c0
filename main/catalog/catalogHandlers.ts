import type { catalogMethods } from '../../shared/api';
import { describeCatalogDraft, formatNote } from '../../shared/catalog';
import { parseBackstageSources, planBackstageDrafts } from '.';
import { assertMayWrite } from '../journal';
import type { HandlerMap } from '../api';

// The console's Backstage import: the same parsing and plan as `commandpost
// catalog import`, over the texts the console sent; the entries go through
// the host's guarded append, in one transaction.

export const catalogHandlers: HandlerMap<keyof typeof catalogMethods> = {
  'catalog:import': (ws, params, opts) => {
    const planned = planBackstageDrafts(ws.state, parseBackstageSources(params.files.map((f) => ({ file: f.name, text: f.text }))));
    const write = !params.dryRun && planned.drafts.length > 0;
    if (write) {
      // Every catalog kind has the same writers; say so before signing anything.
      assertMayWrite(ws.state, ws.me, planned.drafts[0]!.kind);
      if (opts.appendMany) opts.appendMany(planned.drafts);
      else ws.appendMany(planned.drafts);
    }
    return {
      files: params.files.map((f) => f.name),
      imported: planned.imported.length,
      skipped: planned.skipped.map(formatNote),
      notes: planned.notes.map(formatNote),
      changes: planned.drafts.map(describeCatalogDraft),
      counts: planned.counts,
      appended: write ? planned.drafts.length : 0,
      dryRun: params.dryRun,
    };
  },
};
