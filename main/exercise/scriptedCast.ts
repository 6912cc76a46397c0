import type { Clock } from '../../shared/clock';
import type { Signer } from '../../shared/journal';
import { connectorFor, failingConnectors, simOffsetAt, type ScriptStep } from '../../shared/exercise';
import { decideAction } from '../../shared/approvals';
import { exerciseOf, type WorkspaceState } from '../../shared/state';
import { createConnectors, SandboxRecorder, staticSecrets, type HttpClient } from '../connectors';
import { EntryRefusedError, Workspace } from '../workspace';

// The scripted participants of an unattended run. Each participant is its
// own device (its own key and its own Workspace handle on the journal), so
// every entry is signed by the member playing the part, exactly as if people
// had typed it. Actions they request go through the exercise's sandbox
// dispatcher below, never through a real connector.

/** Exercises never reach the network: a connector that tried would fail loudly here. */
export const NO_NETWORK: HttpClient = async (req) => {
  throw new Error(`exercise sandbox: refused to send ${req.method} ${req.url}`);
};

export class ScriptedCast {
  private readonly labels = new Map<string, string>();
  private readonly recorder = new SandboxRecorder();
  // sandboxAll: even a connector the dispatcher picked by mistake only records.
  private readonly connectors = createConnectors({ sandboxAll: true }, this.recorder);
  readonly problems: string[] = [];

  private constructor(
    private readonly clock: Clock,
    private readonly members: ReadonlyMap<string, Workspace>,
  ) {}

  static open(dir: string, clock: Clock, signers: ReadonlyMap<string, Signer>): ScriptedCast {
    const members = new Map([...signers].map(([participant, signer]) => [participant, Workspace.open({ dir, clock, signer })] as const));
    return new ScriptedCast(clock, members);
  }

  /** What the sandbox recorded: the requests that would have been sent. */
  get sandboxRecords() {
    return this.recorder.records;
  }

  private workspace(participant: string): Workspace {
    const ws = this.members.get(participant);
    if (ws === undefined) throw new Error(`participant ${participant} is not played by this run`);
    ws.catchUp();
    return ws;
  }

  /** The incident the team works on: the latest one opened and not resolved. */
  private incident(state: Readonly<WorkspaceState>): string | null {
    const open = Object.values(state.incidents).filter((i) => i.status !== 'resolved');
    open.sort((a, b) => b.openedAt - a.openedAt || (a.id < b.id ? -1 : 1));
    return open[0]?.id ?? null;
  }

  /** Perform one scripted step as its participant. A step the rules refuse is noted, as a person's mistake would be. */
  perform(step: ScriptStep, offsetLabel: string): void {
    const ws = this.workspace(step.by);
    const incident = this.incident(ws.state);
    const need = (): string => {
      if (incident === null) throw new EntryRefusedError(step.do, 'no open incident to act on');
      return incident;
    };
    const ref = (label: string) => this.labels.get(label) ?? '0'.repeat(64);
    try {
      let id: string | null = null;
      switch (step.do) {
        case 'incident.open':
          id = ws.append('incident.open', { title: step.title, severity: step.severity, summary: step.summary }).id;
          break;
        case 'incident.update':
          // Only the fields the step sets: canonical JSON has no undefined.
          ws.append('incident.update', {
            incident: need(),
            ...(step.severity !== undefined ? { severity: step.severity } : {}),
            ...(step.status !== undefined ? { status: step.status } : {}),
            ...(step.summary !== undefined ? { summary: step.summary } : {}),
          });
          break;
        case 'incident.resolve':
          ws.append('incident.resolve', { incident: need(), resolution: step.resolution });
          break;
        case 'service.status':
          ws.append('service.status', { service: step.service, status: step.status, reason: step.reason, incident });
          break;
        case 'task.create': {
          const member = step.assignee === undefined ? undefined : exerciseOf(ws.state)?.cast[step.assignee];
          const assignee = step.team !== undefined ? { team: step.team } : member !== undefined ? { member } : null;
          const due = step.dueIn === undefined ? null : this.clock.now() + step.dueIn;
          id = ws.append('task.create', { incident: need(), title: step.title, assignee, due }).id;
          break;
        }
        case 'task.status':
          ws.append('task.status', { task: ref(step.task), status: step.status });
          break;
        case 'note.add':
          ws.append('note.add', { text: step.text, incident, service: step.service ?? null });
          break;
        case 'action.request':
          id = ws.append('action.request', {
            connector: step.connector,
            operation: step.operation,
            environment: step.environment,
            risk: step.risk,
            target: step.target,
            summary: step.summary,
            incident,
            params: step.params,
            preview: `[exercise: sandbox] ${step.connector} ${step.operation} on ${step.target}`,
          }).id;
          break;
        case 'action.approve':
          {
            // Bound to the version the scripted approver "sees": the action's current parameters hash.
            const action = ref(step.action);
            ws.catchUp();
            const paramsHash = ws.state.actions?.[action]?.paramsHash;
            ws.append('action.approve', { action, comment: step.comment, ...(paramsHash === undefined ? {} : { paramsHash }) });
          }
          break;
        case 'action.reject':
          ws.append('action.reject', { action: ref(step.action), comment: step.comment });
          break;
      }
      if (id !== null && 'ref' in step && step.ref !== undefined) this.labels.set(step.ref, id);
    } catch (err) {
      if (!(err instanceof EntryRefusedError)) throw err;
      this.problems.push(`${offsetLabel} ${step.by} ${step.do}: ${err.message}`);
    }
  }

  /**
   * The exercise's dispatcher: every action the policy now allows is sent,
   * by its executor, to connectorFor(true, ...) = the sandbox. An active
   * connectorFailure inject for the requested connector makes it fail.
   */
  async dispatchAllowed(): Promise<void> {
    for (const ws of this.members.values()) {
      ws.catchUp();
      const ex = exerciseOf(ws.state);
      if (ex === null) return;
      const now = this.clock.now();
      const failing = failingConnectors(ex, simOffsetAt(ex.segments, now));
      for (const action of Object.values(ws.state.actions ?? {})) {
        if (action.executor !== ws.me || (action.status !== 'pending' && action.status !== 'retrying')) continue;
        const decision = decideAction(ws.state, action, now);
        if (decision === null || decision.decision !== 'allowed') continue;
        const attempt = action.attempts.length + 1;
        ws.append('action.attempt', { action: action.id, attempt, policy: action.policy, rule: decision.rule, override: decision.override });
        const failure = failing.get(action.connector);
        if (failure !== undefined) {
          ws.append('action.result', {
            action: action.id,
            attempt,
            outcome: 'failed',
            final: true,
            message: `${action.connector} ${failure.mode} (exercise inject)${failure.message ? `: ${failure.message}` : ''}`,
          });
          continue;
        }
        const connector = this.connectors.get(connectorFor(true, action.connector));
        if (connector === undefined) throw new Error('the sandbox connector is missing');
        const result = await connector.execute(connector.validate({ operation: action.operation }), {
          idempotencyKey: action.id,
          secrets: staticSecrets({}),
          http: NO_NETWORK,
          clock: this.clock,
          requestedAt: action.requestedAt,
        });
        const message = result.ok ? `${action.connector} ${action.operation} recorded by the sandbox` : result.error.message;
        ws.append('action.result', { action: action.id, attempt, outcome: result.ok ? 'succeeded' : 'failed', final: true, message });
      }
    }
  }

  close(): void {
    for (const ws of this.members.values()) ws.close();
  }
}
