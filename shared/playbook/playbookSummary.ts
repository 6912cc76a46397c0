import type { PlaybookSummary } from '../api/playbookMethods';
import { own, type WorkspaceState } from '../state/state';
import { PHASES, stepTypeOf, type PlaybookDocument } from './playbookSchema';
import { personOf } from './runView';

// A playbook as the console lists it: the version in force, if published,
// beside the copy shipped with Command Post, so the commander sees at a
// glance whether the bundled text is the one that runs.

/** A playbook file shipped in resources/playbooks, already parsed. */
export interface BundledPlaybook {
  /** File name, for the list (never a path the renderer could send back). */
  file: string;
  hash: string;
  document: PlaybookDocument;
}

export function playbookSummary(state: Readonly<WorkspaceState>, name: string, bundled: BundledPlaybook | null): PlaybookSummary {
  const slice = state.playbooks;
  const hash = slice === undefined ? undefined : own(slice.current, name);
  const version = hash === undefined || slice === undefined ? undefined : own(slice.versions, hash);
  // What a run would use: the version in force; until one is published, the bundled text.
  const doc = version?.document ?? bundled?.document;
  if (doc === undefined) throw new Error(`no playbook ${name} is published or bundled`);
  return {
    name,
    title: doc.title,
    description: doc.description.trim(),
    inputs: Object.entries(doc.inputs).map(([input, spec]) => ({
      name: input,
      description: spec.description,
      required: spec.required,
      default: spec.default ?? null,
      pattern: spec.pattern ?? null,
    })),
    steps: PHASES.flatMap((phase) => doc[phase].map((s) => ({ phase, id: s.id, name: s.name ?? s.id, type: stepTypeOf(s) }))),
    published:
      version === undefined
        ? null
        : {
            version: version.version,
            hash: version.hash,
            number: version.number,
            publishedAt: version.publishedAt,
            publishedBy: personOf(state, version.publishedBy),
          },
    bundled: bundled === null ? null : { version: bundled.document.version, hash: bundled.hash, file: bundled.file, current: bundled.hash === hash },
    runs: Object.values(slice?.runs ?? {}).filter((r) => r.playbook === name).length,
  };
}
