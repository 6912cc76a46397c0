// Team requirements are a matching problem: one approver stands for one team,
// even when they belong to several, so "approvals from 2 distinct teams" is
// not met by one person who sits in two teams. Sizes are tiny (a handful of
// approvers and teams), so Kuhn's augmenting paths are plenty.

/**
 * A maximum matching of teams to distinct approvers; returns team -> approver.
 * Inputs are walked in the order given, so sorted inputs give the same answer on every peer.
 */
export function matchTeams(teams: readonly string[], approvers: readonly string[], inTeam: (approver: string, team: string) => boolean): Map<string, string> {
  const teamOf = new Map<string, string>(); // approver -> team
  const tryAssign = (team: string, visited: Set<string>): boolean => {
    for (const approver of approvers) {
      if (visited.has(approver) || !inTeam(approver, team)) continue;
      visited.add(approver);
      const held = teamOf.get(approver);
      if (held === undefined || tryAssign(held, visited)) {
        teamOf.set(approver, team);
        return true;
      }
    }
    return false;
  };
  for (const team of teams) tryAssign(team, new Set());
  const result = new Map<string, string>();
  for (const [approver, team] of teamOf) result.set(team, approver);
  return result;
}
