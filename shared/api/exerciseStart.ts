import { exerciseOf, own, type WorkspaceState } from '../state';

// Whether this device may start an exercise here, decided from the state and
// its roles alone — the same rule for the core (which refuses before it
// writes anything) and the Exercise tab (which disables Start and says why,
// rather than offering a button the core would refuse).

/** The fresh-workspace path the docs give (README "Tabletop exercises", docs/exercises.md). */
export const FRESH_EXERCISE_WORKSPACE =
  '`commandpost init --workspace DIR`, then `commandpost serve --workspace DIR`, or the desktop app with COMMANDPOST_WORKSPACE=DIR';

/** null: `me` may start one now; otherwise why not, and what to do instead. */
export function exerciseStartRefusal(state: Readonly<WorkspaceState>, me: string | null): string | null {
  if (me === null) return 'this console has no device identity to facilitate with';
  const running = exerciseOf(state);
  if (running !== null)
    return (
      `this workspace already ran the exercise "${running.title}"; an exercise needs a workspace of its own: start the next one in a fresh one ` +
      `(${FRESH_EXERCISE_WORKSPACE})`
    );
  const incidents = Object.keys(state.incidents).length;
  if (incidents > 0) {
    return `this workspace holds incidents (${incidents}), so it cannot host an exercise: start it in a fresh one (${FRESH_EXERCISE_WORKSPACE})`;
  }
  const member = own(state.members, me);
  if (member === undefined || !member.active)
    return 'this device is not an active member of this workspace; an admin adds it (`commandpost member add --key KEY --role admin`)';
  // Starting makes the starter its facilitator: a roster entry only an admin may write.
  if (!member.roles.includes('admin')) {
    const admins = Object.values(state.members)
      .filter((m) => m.active && m.roles.includes('admin'))
      .map((m) => m.name)
      .sort();
    return (
      `starting an exercise makes you its facilitator, which takes the admin role; you are ${member.roles.join(', ') || 'without a role'}. Ask ` +
      `an admin (${admins.join(', ') || 'none is listed'}) to start it or to give you the admin role`
    );
  }
  return null;
}
