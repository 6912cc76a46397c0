import { describe, expect, it } from 'vitest';
import { commandersOf, icsOf, stateHash } from '../../../../shared/state';
import { generateBriefing } from '../../../../shared/ics';
import { hasher } from '../state/journalBuilder';
import { IcsWorld, reasonOf } from './icsFixture';

const HOUR = 3_600_000;

describe('ICS roles', () => {
  it('keeps one commander at a time unless unified command is switched on', () => {
    const w = new IcsWorld();
    const incident = w.state.incidents[w.incident]!;
    expect(commandersOf(w.state, incident)).toEqual([w.key('bob')]);
    const second = w.write('alice', 'ics.assign', { incident: w.incident, role: 'commander', member: w.key('carol') });
    expect(reasonOf(second.outcome)).toMatch(/one incident commander at a time/);

    expect(w.write('bob', 'ics.unified', { incident: w.incident, on: true }).outcome.applied).toBe(true);
    expect(w.write('bob', 'ics.assign', { incident: w.incident, role: 'commander', member: w.key('carol') }).outcome.applied).toBe(true);
    expect(commandersOf(w.state, incident)).toEqual([w.key('bob'), w.key('carol')]);
    expect(reasonOf(w.write('carol', 'ics.unified', { incident: w.incident, on: false }).outcome)).toMatch(/still in unified command/);

    // Releasing the lead commander of a unified command promotes the next one.
    expect(w.write('carol', 'ics.release', { incident: w.incident, role: 'commander', member: w.key('bob') }).outcome.applied).toBe(true);
    expect(incident.commander).toBe(w.key('carol'));
    expect(reasonOf(w.write('carol', 'ics.release', { incident: w.incident, role: 'commander', member: w.key('carol') }).outcome)).toMatch(
      /only incident commander cannot be released/,
    );
    expect(w.write('carol', 'ics.unified', { incident: w.incident, on: false }).outcome.applied).toBe(true);
  });

  it('lets only the incident commander or an admin assign, and checks who may hold command', () => {
    const w = new IcsWorld();
    const byResponder = w.write('dave', 'ics.assign', { incident: w.incident, role: 'scribe', member: w.key('dave') });
    expect(byResponder.outcome).toMatchObject({ applied: false, category: 'unauthorized' });
    // carol has the commander workspace role but does not command this incident.
    expect(reasonOf(w.write('carol', 'ics.assign', { incident: w.incident, role: 'scribe', member: w.key('dave') }).outcome)).toMatch(
      /only the incident commander or a workspace admin/,
    );
    expect(w.write('alice', 'ics.assign', { incident: w.incident, role: 'scribe', member: w.key('erin') }).outcome.applied).toBe(true);
    expect(w.write('bob', 'ics.assign', { incident: w.incident, role: 'operations', member: w.key('dave') }).outcome.applied).toBe(true);
    expect(reasonOf(w.write('bob', 'ics.assign', { incident: w.incident, role: 'operations', member: w.key('carol') }).outcome)).toMatch(
      /operations is held by Dave Responder/,
    );
    expect(w.write('bob', 'ics.assign', { incident: w.incident, role: 'specialist', member: w.key('dave') }).outcome.applied).toBe(true);
    expect(w.write('bob', 'ics.assign', { incident: w.incident, role: 'specialist', member: w.key('carol') }).outcome.applied).toBe(true);
    expect(reasonOf(w.write('bob', 'ics.assign', { incident: w.incident, role: 'safety', member: w.key('frank') }).outcome)).toMatch(/not an active member/);
    expect(icsOf(w.state, w.incident).assignments.map((a) => a.role)).toEqual(['scribe', 'operations', 'specialist', 'specialist']);
    // A member steps down from a staff position themself; releasing others is for command.
    expect(w.write('dave', 'ics.release', { incident: w.incident, role: 'operations', member: w.key('dave') }).outcome.applied).toBe(true);
    expect(reasonOf(w.write('dave', 'ics.release', { incident: w.incident, role: 'scribe', member: w.key('erin') }).outcome)).toMatch(/releases others/);
  });

  it('leaves the state untouched when an ICS entry is rejected', () => {
    const w = new IcsWorld();
    const before = stateHash(hasher, { ...w.state, rejected: {} });
    w.write('carol', 'ics.assign', { incident: w.incident, role: 'scribe', member: w.key('dave') });
    w.write('bob', 'ics.objectiveAdd', { incident: w.incident, text: 'Restore card payments' });
    expect(w.state.ics).toBeUndefined();
    expect(stateHash(hasher, { ...w.state, rejected: {} })).toBe(before);
  });
});

describe('operational periods', () => {
  it('are opened only by the commander; objectives go to the open period only', () => {
    const w = new IcsWorld();
    const t0 = w.state.incidents[w.incident]!.openedAt;
    expect(reasonOf(w.write('bob', 'ics.objectiveAdd', { incident: w.incident, text: 'Restore payments' }).outcome)).toMatch(/no operational period is open/);
    expect(reasonOf(w.write('carol', 'ics.periodStart', { incident: w.incident, start: t0, end: t0 + HOUR }).outcome)).toBe(
      'only the incident commander opens an operational period',
    );
    expect(w.write('alice', 'ics.periodStart', { incident: w.incident, start: t0, end: t0 + HOUR }).outcome).toMatchObject({ applied: false });
    const p1 = w.write('bob', 'ics.periodStart', { incident: w.incident, start: t0, end: t0 + HOUR }).entry.id;
    const o1 = w.write('bob', 'ics.objectiveAdd', { incident: w.incident, text: 'Restore payments', owner: w.key('dave') }).entry.id;
    // The owner reports progress; other members cannot change the plan.
    expect(w.write('dave', 'ics.objectiveUpdate', { incident: w.incident, objective: o1, status: 'in_progress' }).outcome.applied).toBe(true);
    expect(reasonOf(w.write('dave', 'ics.objectiveUpdate', { incident: w.incident, objective: o1, text: 'Other' }).outcome)).toMatch(
      /only the commander, deputy, planning lead/,
    );
    expect(reasonOf(w.write('dave', 'ics.objectiveAdd', { incident: w.incident, text: 'Mine' }).outcome)).toMatch(
      /only the commander, deputy or planning lead/,
    );

    w.write('bob', 'ics.periodStart', { incident: w.incident, start: t0 + HOUR, end: t0 + 2 * HOUR });
    const ics = icsOf(w.state, w.incident);
    expect(ics.periods.map((p) => [p.number, p.closedAt !== null])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(reasonOf(w.write('bob', 'ics.objectiveAdd', { incident: w.incident, text: 'Late', period: p1 }).outcome)).toBe('operational period 1 is closed');
    expect(reasonOf(w.write('bob', 'ics.objectiveUpdate', { incident: w.incident, objective: o1, status: 'met' }).outcome)).toBe(
      'operational period 1 is closed',
    );
    expect(reasonOf(w.write('bob', 'ics.commsPlan', { incident: w.incident, text: 'x', period: p1 }).outcome)).toBe('operational period 1 is closed');
    expect(w.write('bob', 'ics.objectiveAdd', { incident: w.incident, text: 'Confirm root cause' }).outcome.applied).toBe(true);
    expect(ics.periods[1]!.objectives).toHaveLength(1);
    expect(reasonOf(w.write('bob', 'ics.periodStart', { incident: w.incident, start: t0, end: t0 + HOUR }).outcome)).toMatch(/cannot start before period 2/);
  });
});

describe('transfer of command', () => {
  function offered() {
    const w = new IcsWorld();
    const { hash, markdown } = generateBriefing(hasher, w.state, w.incident);
    expect(
      reasonOf(w.write('bob', 'ics.handoverOffer', { incident: w.incident, to: w.key('carol'), briefing: hash, markdown: `${markdown}x` }).outcome),
    ).toMatch(/does not match/);
    const offer = w.write('bob', 'ics.handoverOffer', { incident: w.incident, to: w.key('carol'), briefing: hash, markdown });
    expect(offer.outcome.applied).toBe(true);
    return { w, hash, offer: offer.entry };
  }

  it('passes command only when the named incoming commander accepts the same briefing hash', () => {
    const { w, hash, offer } = offered();
    const incident = w.state.incidents[w.incident]!;
    expect(incident.commander).toBe(w.key('bob'));
    const accept = (by: 'alice' | 'carol' | 'dave', briefing: string) => w.write(by, 'ics.handoverAccept', { incident: w.incident, offer: offer.id, briefing });
    expect(accept('dave', hash).outcome).toMatchObject({ applied: false, category: 'unauthorized' });
    expect(reasonOf(accept('alice', hash).outcome)).toBe('the handover was not addressed to you');
    expect(reasonOf(accept('carol', 'f'.repeat(64)).outcome)).toMatch(/briefing hash differs/);
    expect(incident.commander).toBe(w.key('bob'));
    expect(accept('carol', hash).outcome.applied).toBe(true);
    expect(incident.commander).toBe(w.key('carol'));
    const ics = icsOf(w.state, w.incident);
    expect(ics.handover).toBeNull();
    expect(ics.handovers).toEqual([expect.objectContaining({ offer: offer.id, from: w.key('bob'), to: w.key('carol'), briefing: hash, taken: false })]);
    expect(reasonOf(accept('carol', hash).outcome)).toMatch(/no handover of this incident is pending/);
  });

  it('the journaled hash is the hash of the briefing regenerated from the state at the offer', () => {
    const { w, hash, offer } = offered();
    w.write('carol', 'ics.handoverAccept', { incident: w.incident, offer: offer.id, briefing: hash });
    w.write('carol', 'service.status', { service: 'api', status: 'degraded', incident: w.incident });
    const atOffer = w.stateBefore(offer.id);
    const regenerated = generateBriefing(hasher, atOffer, w.incident);
    const journaled = offer.body as { briefing: string; markdown: string };
    expect(regenerated.hash).toBe(journaled.briefing);
    expect(regenerated.markdown).toBe(journaled.markdown);
    expect(icsOf(w.state, w.incident).handovers[0]!.briefing).toBe(regenerated.hash);
    // and the briefing is sensitive to what it reports
    expect(generateBriefing(hasher, w.state, w.incident).hash).not.toBe(regenerated.hash);
  });

  it('refuses bad offers: to non-members, to members who may not command, by non-commanders; newer offers replace older ones', () => {
    const w = new IcsWorld();
    const { hash, markdown } = generateBriefing(hasher, w.state, w.incident);
    const offer = (by: 'alice' | 'bob' | 'carol', to: 'carol' | 'dave' | 'frank' | 'bob') =>
      w.write(by, 'ics.handoverOffer', { incident: w.incident, to: w.key(to), briefing: hash, markdown });
    expect(reasonOf(offer('bob', 'frank').outcome)).toMatch(/not an active member/);
    expect(reasonOf(offer('bob', 'dave').outcome)).toMatch(/lacks the commander/);
    expect(reasonOf(offer('carol', 'bob').outcome)).toMatch(/only a commander of this incident/);
    expect(reasonOf(offer('bob', 'bob').outcome)).toMatch(/already in command/);
    const first = offer('bob', 'carol').entry;
    offer('bob', 'carol');
    expect(reasonOf(w.write('carol', 'ics.handoverAccept', { incident: w.incident, offer: first.id, briefing: hash }).outcome)).toMatch(
      /not the pending handover/,
    );
  });

  it('lets an admin take command without an offer, recorded as taken with the reason', () => {
    const w = new IcsWorld();
    const { hash, markdown } = generateBriefing(hasher, w.state, w.incident);
    expect(reasonOf(w.write('carol', 'ics.takeCommand', { incident: w.incident, briefing: hash, markdown, reason: 'Bob is unreachable' }).outcome)).toMatch(
      /only an admin may take it/,
    );
    expect(w.write('alice', 'ics.takeCommand', { incident: w.incident, briefing: hash, markdown, reason: 'Bob is unreachable' }).outcome.applied).toBe(true);
    expect(w.state.incidents[w.incident]!.commander).toBe(w.key('alice'));
    expect(icsOf(w.state, w.incident).handovers[0]).toMatchObject({ offer: null, from: w.key('bob'), taken: true, reason: 'Bob is unreachable' });
  });
});
