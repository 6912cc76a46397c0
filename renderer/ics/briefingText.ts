import { briefingMarkdown, briefingOf } from '../../shared/ics';
import type { WorkspaceState } from '../../shared/state';

/** The ICS 201 Markdown for the incident as the state stands (the same text the CLI hashes). */
export function generateBriefingText(state: WorkspaceState, incident: string): string {
  return briefingMarkdown(briefingOf(state, incident));
}
