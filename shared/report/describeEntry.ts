import { KIND_NAMES, kindSpec } from '../entries/catalogue';
import { own, type WorkspaceState } from '../state/state';
import { str, whoOf, type JournalEntryView } from './reportInput';

// One human line per journal entry, for timelines and decision logs: each kind
// words its own entries (describe() in shared/entries). Kinds with no words
// are named by kind, never dropped silently.

/** Kinds that set up a workspace rather than record the response: left out of timelines. */
export const SETUP_KINDS: ReadonlySet<string> = new Set(KIND_NAMES.filter((k) => kindSpec(k)?.report === 'setup'));

/** Kinds that record a decision: who chose what, and when. */
export const DECISION_KINDS: ReadonlySet<string> = new Set(KIND_NAMES.filter((k) => kindSpec(k)?.report === 'decision'));

/** The summary an action was requested with, from the projection or else the request entry. */
export function actionSummary(state: Readonly<WorkspaceState>, requests: ReadonlyMap<string, JournalEntryView>, id: string | null): string {
  if (id === null) return '?';
  const fromState = state.actions === undefined ? undefined : own(state.actions, id);
  if (fromState !== undefined) return fromState.summary;
  const req = requests.get(id);
  return req === undefined ? id.slice(0, 8) : (str(req, 'summary') ?? id.slice(0, 8));
}

function taskTitle(state: Readonly<WorkspaceState>, id: string | null): string {
  return id === null ? '?' : (own(state.tasks, id)?.title ?? id.slice(0, 8));
}

/** The line a kind words an entry with (its describe()), or the kind's name where it has none or the body does not parse. */
export function describeEntry(state: Readonly<WorkspaceState>, requests: ReadonlyMap<string, JournalEntryView>, e: JournalEntryView): string {
  if (e.body === null) return `${e.kind} (body redacted)`;
  const spec = kindSpec(e.kind);
  if (spec?.describe === undefined) return e.kind;
  const body = spec.body.safeParse(e.body);
  if (!body.success) return e.kind;
  return spec.describe(body.data, {
    who: (key) => whoOf(state, key),
    task: (id) => taskTitle(state, id),
    action: (id) => actionSummary(state, requests, id),
  });
}
