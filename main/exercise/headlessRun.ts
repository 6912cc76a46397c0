import { ManualClock, type Clock } from '../../shared/clock';
import type { Signer } from '../../shared/journal';
import { formatOffset } from '../../shared/report';
import { exerciseOf } from '../../shared/state';
import { generateKeyPair, signerFromSeed } from '../crypto';
import { Workspace } from '../workspace';
import { endExercise, fireDue, requireExercise, setupExercise, type CastMember } from './facilitator';
import { loadScenarioFile } from './scenarioFile';
import { ScriptedCast } from './scriptedCast';

// An unattended exercise: the facilitator's device and the scripted cast
// run a whole scenario on a virtual wall clock. The clock is stepped from
// one event (an inject falling due, a scripted step, the end) to the next;
// at a real speed the run sleeps the wall time between events first, at
// 'max' it does not wait at all. Either way every entry lands at exactly the
// same scenario time, so the report does not depend on the speed, the
// machine or its load.

export interface HeadlessOptions {
  scenarioFile: string;
  resources: string;
  /** A directory without a journal: the exercise's own workspace. */
  dir: string;
  /** 1-60, or 'max' for a virtual clock with no waiting (recorded as 60x). */
  speed: number | 'max';
  seed: string;
  facilitator: { signer: Signer; name: string };
  /** Wall time at the start (the real clock's now). */
  startWall: number;
  /** Waits this many real milliseconds (only called for numeric speeds). */
  sleep: (ms: number) => Promise<void>;
  /** The real clock, so waits are measured from the start and slow steps do not add up; absent: sleep the gaps. */
  realClock?: Clock;
  log?: (line: string) => void;
}

export interface HeadlessResult {
  workspace: Workspace;
  /** Scripted steps the rules refused, as "T+mm:ss participant kind: reason". */
  problems: string[];
  sandboxRequests: number;
}

type Event = { at: number; order: number; run: () => Promise<void> | void };

export async function runHeadless(opts: HeadlessOptions): Promise<HeadlessResult> {
  const log = opts.log ?? (() => undefined);
  const loaded = loadScenarioFile(opts.scenarioFile, opts.resources);
  const { scenario } = loaded;
  const speed = opts.speed === 'max' ? 60 : opts.speed;
  const clock = new ManualClock(opts.startWall);
  const ws = Workspace.create({
    dir: opts.dir,
    name: `Exercise: ${scenario.title}`,
    creatorName: opts.facilitator.name,
    signer: opts.facilitator.signer,
    clock,
  });
  // Scripted participants get fresh keys that live only as long as this run.
  const signers = new Map<string, Signer>(scenario.participants.map((p) => [p.id, signerFromSeed(generateKeyPair().seed)] as const));
  const cast: Record<string, CastMember> = Object.fromEntries(scenario.participants.map((p) => [p.id, { key: signers.get(p.id)!.publicKey, name: p.name }]));
  let players: ScriptedCast | null = null;
  try {
    setupExercise(ws, loaded, { seed: opts.seed, speed, cast });
    players = ScriptedCast.open(opts.dir, clock, signers);
    const team = players;
    const ex = requireExercise(ws);
    const realStart = opts.realClock?.now() ?? 0;
    log(`Exercise "${scenario.title}" started in ${opts.dir} (seed ${opts.seed}, ${opts.speed === 'max' ? 'virtual clock, no waiting' : `${speed}x`})`);

    const events: Event[] = [
      ...Object.values(ex.schedule).map((at): Event => ({
        at,
        order: 0,
        run: () => {
          for (const line of fireDue(ws, clock)) log(`${formatOffset(at)}  inject ${line}`);
        },
      })),
      ...scenario.script.map((step, i): Event => ({
        at: step.at,
        order: 1 + i,
        run: async () => {
          team.perform(step, formatOffset(step.at));
          await team.dispatchAllowed();
        },
      })),
    ].sort((a, b) => a.at - b.at || a.order - b.order);

    for (const event of [...events, { at: scenario.duration, order: Number.MAX_SAFE_INTEGER, run: () => undefined }]) {
      // Whole milliseconds of wall time per event: ceil keeps scenario time at or past the event.
      const wall = ex.origin + Math.ceil(event.at / speed);
      if (wall > clock.now()) {
        if (opts.speed !== 'max') {
          const wait = opts.realClock === undefined ? wall - clock.now() : realStart + (wall - opts.startWall) - opts.realClock.now();
          if (wait > 0) await opts.sleep(wait);
        }
        clock.set(wall);
      }
      await event.run();
    }
    if (exerciseOf(ws.state)?.status !== 'ended') endExercise(ws, 'scenario complete');
    for (const p of team.problems) log(`note: scripted step refused: ${p}`);
    log(
      `Exercise ended at ${formatOffset(scenario.duration)}; ${ws.store.count()} journal entries; ${team.sandboxRecords.length} sandbox requests, none sent.`,
    );
    return { workspace: ws, problems: [...team.problems], sandboxRequests: team.sandboxRecords.length };
  } catch (err) {
    ws.close();
    throw err;
  } finally {
    players?.close();
  }
}
