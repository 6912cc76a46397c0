import type { Role } from '../entries/roles';
import { own, type Member } from '../state/state';
import { describeAction, matchRule, type ActionShape } from './match';
import type { PolicyVersionRef } from './policyText';
import type { Requirement, RuleOutcome } from './policySchema';
import { matchTeams } from './teamMatching';

// Pure, deterministic policy evaluation: the same inputs give the same
// decision and the same sentences on every peer, whatever order approvals
// arrived in (inputs are sorted before anything looks at them). Time is an
// argument, never read.

export interface ActionFacts extends ActionShape {
  readonly requester: string;
  /** Who will run it; null/absent: the requester's device. */
  readonly executor?: string | null;
  /** The hash of the action's current parameters; approvals and overrides bound to another hash do not count. */
  readonly paramsHash?: string;
  /** Edits so far (oldest first), to say when an approval's version was replaced. */
  readonly edits?: readonly { readonly at: number; readonly from: string }[];
}

export type ApprovalVerdict = 'approve' | 'reject' | 'override';

export interface ApprovalFact {
  readonly by: string;
  readonly at: number;
  readonly verdict: ApprovalVerdict;
  /** Mandatory for an override: why the glass was broken. */
  readonly justification?: string;
  /** The parameters' hash the verdict was given for; absent: bound to whatever is current. */
  readonly paramsHash?: string;
}

export type RosterMember = Pick<Member, 'name' | 'roles' | 'teams' | 'active'>;
export type Roster = Readonly<Record<string, RosterMember>>;

export type DecisionKind = 'allowed' | 'blocked' | 'rejected' | 'expired';

export interface Missing {
  /** How many more valid approvals are needed at least. */
  approvals: number;
  /** Roles an approval must come from. */
  roles: Role[];
  /** Named teams still without an approval from one of their members. */
  teams: string[];
  /** How many more distinct teams must be represented. */
  distinctTeams: number;
  /** Set when the approvals so far come only from the executor: someone else must approve. */
  besides: string | null;
}

export interface Decision {
  decision: DecisionKind;
  /** A break-glass override made this decision: flag it wherever it is shown. */
  override: boolean;
  /** Hash of the policy version used. */
  policy: string;
  /** Id of the rule that matched; null for the policy's default (or no match). */
  rule: string | null;
  reasons: string[];
  missing: Missing | null;
  /** Members whose approval counted, sorted. */
  approvers: string[];
  /** When an 'allowed' decision lapses because an approval or override expires. */
  validUntil: number | null;
}

const HOUR_MS = 3_600_000;
const DEFAULT_APPROVER_ROLES: readonly Role[] = ['approver', 'commander'];

export const iso = (ms: number): string => new Date(ms).toISOString();
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function nameOf(roster: Roster, key: string): string {
  return own(roster, key)?.name ?? `${key.slice(0, 8)}…`;
}

function byMemberThenTime(a: ApprovalFact, b: ApprovalFact): number {
  if (a.by !== b.by) return a.by < b.by ? -1 : 1;
  if (a.at !== b.at) return a.at - b.at;
  return (a.justification ?? '') < (b.justification ?? '') ? -1 : (a.justification ?? '') > (b.justification ?? '') ? 1 : 0;
}

/** Each member's most recent fact of one verdict (a repeated approval refreshes it). */
function latestPerMember(facts: readonly ApprovalFact[], verdict: ApprovalVerdict): ApprovalFact[] {
  const latest = new Map<string, ApprovalFact>();
  for (const f of [...facts].sort(byMemberThenTime)) if (f.verdict === verdict) latest.set(f.by, f);
  return [...latest.values()];
}

interface Shortfall {
  missing: Missing;
  teamsMatched: string[];
}

function shortfall(req: Requirement, approvers: readonly string[], roster: Roster, executor: string | null): Shortfall {
  const inTeam = (k: string, t: string) => own(roster, k)?.teams.includes(t) ?? false;
  const named = matchTeams(req.teams, approvers, inTeam);
  const allTeams = [...new Set(approvers.flatMap((k) => own(roster, k)?.teams ?? []))].sort();
  const distinct = matchTeams(allTeams, approvers, inTeam);
  const teams = req.teams.filter((t) => !named.has(t));
  const distinctTeams = Math.max(0, (req.distinctTeams ?? 0) - distinct.size);
  const besides = executor !== null && approvers.length > 0 && approvers.every((k) => k === executor) ? executor : null;
  const approvals = Math.max(req.approvals - approvers.length, teams.length, distinctTeams, besides === null ? 0 : 1);
  return { missing: { approvals, roles: [...req.roles], teams, distinctTeams, besides }, teamsMatched: [...distinct.keys()].sort() };
}

function describeMissing(m: Missing, req: Requirement, roster: Roster): string[] {
  const roles = m.roles.join(' or ');
  const out = m.teams.map((t) => `needs 1 more approval from team ${t}, role ${roles}`);
  // Team and executor needs can be met by the same approvals, so the total is said once, when it says more.
  const specific = Math.max(m.teams.length, m.distinctTeams, m.besides === null ? 0 : 1);
  if (m.approvals > specific) out.unshift(`needs ${plural(m.approvals, 'more approval')}${specific > 0 ? ' in all' : ''}, role ${roles}`);
  // An approval from a named team usually adds a team too: speak of distinct teams only when that is not enough.
  if (m.distinctTeams > m.teams.length) {
    out.push(
      `needs approvals from ${plural(m.distinctTeams, 'more distinct team')} (${(req.distinctTeams ?? 0) - m.distinctTeams} of ` +
        `${req.distinctTeams ?? 0} so far), role ${roles}`,
    );
  }
  if (m.besides !== null) {
    out.push(`needs 1 more approval from someone other than ${nameOf(roster, m.besides)}, who will execute the action and cannot be its only approver`);
  }
  return out;
}

interface Ctx {
  readonly policy: PolicyVersionRef;
  readonly action: ActionFacts;
  readonly roster: Roster;
  readonly now: number;
  readonly rule: string | null;
  readonly ruleName: string;
}

function decide(ctx: Ctx, decision: DecisionKind, reasons: string[], extra: Partial<Decision> = {}): Decision {
  return { decision, override: false, policy: ctx.policy.hash, rule: ctx.rule, reasons, missing: null, approvers: [], validUntil: null, ...extra };
}

/** Why a member's verdict does not count, or null if it does. */
function disqualified(ctx: Ctx, by: string, roles: readonly Role[], what: string): string | null {
  const who = nameOf(ctx.roster, by);
  if (by === ctx.action.requester) return `${who} is the requester and cannot ${what}`;
  const member = own(ctx.roster, by);
  if (member === undefined || !member.active) return `${what} by ${who} does not count: not an active member`;
  if (!member.roles.some((r) => roles.includes(r))) {
    return `${what} by ${who} does not count: ${who} has roles ${member.roles.join(', ')}; ${ctx.ruleName} needs ${roles.join(' or ')}`;
  }
  return null;
}

function breakGlass(ctx: Ctx, outcome: RuleOutcome, overrides: readonly ApprovalFact[], notes: string[]): Decision | null {
  const expiry = outcome.overrideExpiry ?? outcome.require?.expiry ?? HOUR_MS;
  let best: ApprovalFact | null = null;
  for (const o of overrides) {
    const who = nameOf(ctx.roster, o.by);
    const member = own(ctx.roster, o.by);
    let problem: string | null = null;
    if (!outcome.breakGlass) problem = `override by ${who} ignored: ${ctx.ruleName} does not allow break-glass`;
    else if (member === undefined || !member.active) problem = `override by ${who} ignored: not an active member`;
    else if (!member.roles.includes('commander')) problem = `override by ${who} ignored: only an incident commander may break glass`;
    else if ((o.justification ?? '').trim() === '') problem = `override by ${who} ignored: a written justification is mandatory`;
    else if (ctx.now >= o.at + expiry) problem = `override by ${who} expired at ${iso(o.at + expiry)}`;
    if (problem !== null) notes.push(problem);
    else if (best === null || o.at > best.at) best = o;
  }
  if (best === null) return null;
  const line = `BREAK-GLASS override by ${nameOf(ctx.roster, best.by)} at ${iso(best.at)}: "${(best.justification ?? '').trim()}"`;
  return decide(ctx, 'allowed', [line, ...notes], { override: true, approvers: [best.by], validUntil: best.at + expiry });
}

/**
 * Approvals and overrides bound to an earlier version of the parameters are
 * dropped (with a note saying so): an approval signs exactly what was shown.
 */
function boundToCurrent(action: ActionFacts, facts: readonly ApprovalFact[], roster: Roster, notes: string[]): ApprovalFact[] {
  const current = action.paramsHash;
  if (current === undefined) return [...facts];
  const kept: ApprovalFact[] = [];
  for (const f of [...facts].sort(byMemberThenTime)) {
    if (f.verdict === 'reject' || f.paramsHash === undefined || f.paramsHash === current) {
      kept.push(f);
      continue;
    }
    const edit = action.edits?.find((e) => e.from === f.paramsHash && e.at >= f.at) ?? action.edits?.at(-1);
    const what = f.verdict === 'approve' ? 'approval' : 'override';
    notes.push(`${what} by ${nameOf(roster, f.by)} was for an earlier version of the parameters${edit === undefined ? '' : ` (edited at ${iso(edit.at)})`}`);
  }
  return kept;
}

/**
 * Decide whether `action` may run now under `policy`, given every approval,
 * rejection and override recorded for it and the current roster.
 */
export function evaluate(policy: PolicyVersionRef, action: ActionFacts, given: readonly ApprovalFact[], roster: Roster, now: number): Decision {
  const matched = matchRule(policy.document, action);
  const ruleName = matched === null || matched.id === null ? 'the default rule' : `rule ${matched.id}`;
  const ctx: Ctx = { policy, action, roster, now, rule: matched?.id ?? null, ruleName };
  if (matched === null) {
    return decide(ctx, 'rejected', [`no rule of policy "${policy.document.name}" matches ${describeAction(action)}, and the policy has no default`]);
  }
  const outcome = matched.outcome;
  const notes: string[] = [];
  const approvals = boundToCurrent(action, given, roster, notes);
  const overridden = breakGlass(ctx, outcome, latestPerMember(approvals, 'override'), notes);
  if (overridden !== null) return overridden;

  const roles = outcome.require?.roles ?? DEFAULT_APPROVER_ROLES;
  const rejections: string[] = [];
  for (const r of latestPerMember(approvals, 'reject')) {
    const problem = disqualified(ctx, r.by, roles, 'reject');
    if (problem === null) rejections.push(`rejected by ${nameOf(roster, r.by)} at ${iso(r.at)}`);
    else notes.push(problem);
  }
  if (rejections.length > 0) return decide(ctx, 'rejected', [...rejections, ...notes]);

  if (outcome.effect === 'deny') {
    const why = outcome.description === undefined ? '' : `: ${outcome.description}`;
    return decide(ctx, 'rejected', [`${ctx.ruleName} forbids ${describeAction(action)}${why}`, ...notes]);
  }
  if (outcome.effect === 'allow' || outcome.require === undefined) {
    return decide(ctx, 'allowed', [`${ctx.ruleName} allows ${describeAction(action)} without approval`, ...notes]);
  }
  const req = outcome.require;
  const counted: ApprovalFact[] = [];
  const expired: ApprovalFact[] = [];
  for (const a of latestPerMember(approvals, 'approve')) {
    const problem = disqualified(ctx, a.by, req.roles, 'approve');
    if (problem !== null) notes.push(problem);
    else if (now >= a.at + req.expiry) {
      notes.push(`approval by ${nameOf(roster, a.by)} expired at ${iso(a.at + req.expiry)}`);
      expired.push(a);
    } else counted.push(a);
  }
  const executor = action.executor != null && action.executor !== action.requester ? action.executor : null;
  const approvers = counted.map((a) => a.by);
  const short = shortfall(req, approvers, roster, executor);
  if (short.missing.approvals === 0) {
    const names = approvers.map((k) => nameOf(roster, k)).join(', ');
    const teams = short.teamsMatched.length > 0 ? ` from teams ${short.teamsMatched.join(', ')}` : '';
    const validUntil = Math.min(...counted.map((a) => a.at + req.expiry));
    return decide(
      ctx,
      'allowed',
      [`${plural(counted.length, 'approval')} (${names})${teams} satisfy ${ctx.ruleName}; valid until ${iso(validUntil)}`, ...notes],
      {
        approvers,
        validUntil,
      },
    );
  }
  const wouldHave = expired.length > 0 && shortfall(req, [...approvers, ...expired.map((a) => a.by)].sort(), roster, executor).missing.approvals === 0;
  return decide(ctx, wouldHave ? 'expired' : 'blocked', [...describeMissing(short.missing, req, roster), ...notes], { missing: short.missing, approvers });
}
