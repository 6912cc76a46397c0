// Cross-references a schema cannot express: ids unique, every participant,
// inject, service, team and script label named somewhere actually exists,
// and nothing happens after the scenario ends. Each problem carries its path
// so the file loader can point at the line.

/** The ids of the catalog a scenario runs against. */
export interface CatalogRefs {
  readonly services: ReadonlySet<string>;
  readonly teams: ReadonlySet<string>;
}

export interface ScenarioProblem {
  path: (string | number)[];
  message: string;
}

/** The parts of a parsed scenario the checks read. */
export interface ScenarioRefsView {
  duration: number;
  participants: { id: string; teams: string[] }[];
  injects: ({ id: string; at: number; jitter: number; type: string } & Record<string, unknown>)[];
  rubric: { id: string; after: string; by?: string | undefined; expect: { kind: string } & Record<string, unknown> }[];
  script: ({ at: number; by: string; do: string; ref?: string | undefined } & Record<string, unknown>)[];
}

function duplicates(ids: readonly string[]): Set<number> {
  const seen = new Set<string>();
  const out = new Set<number>();
  ids.forEach((id, i) => {
    if (seen.has(id)) out.add(i);
    seen.add(id);
  });
  return out;
}

export function scenarioProblems(s: ScenarioRefsView, catalog: CatalogRefs | null): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const add = (path: (string | number)[], message: string) => problems.push({ path, message });
  const participants = new Set(s.participants.map((p) => p.id));
  const injects = new Set(s.injects.map((i) => i.id));
  const service = (path: (string | number)[], id: unknown) => {
    if (catalog !== null && typeof id === 'string' && !catalog.services.has(id)) add(path, `unknown service ${JSON.stringify(id)} (not in the catalog)`);
  };
  const team = (path: (string | number)[], id: unknown) => {
    if (catalog !== null && typeof id === 'string' && !catalog.teams.has(id)) add(path, `unknown team ${JSON.stringify(id)} (not in the catalog)`);
  };
  const participant = (path: (string | number)[], id: unknown) => {
    if (typeof id === 'string' && !participants.has(id)) add(path, `unknown participant ${JSON.stringify(id)}`);
  };

  for (const i of duplicates(s.participants.map((p) => p.id))) add(['participants', i, 'id'], 'participant id appears twice');
  s.participants.forEach((p, i) => p.teams.forEach((t, j) => team(['participants', i, 'teams', j], t)));

  for (const i of duplicates(s.injects.map((x) => x.id))) add(['injects', i, 'id'], 'inject id appears twice');
  s.injects.forEach((inj, i) => {
    if (inj.id === 'start') add(['injects', i, 'id'], '"start" is reserved for the start of the exercise');
    if (inj.at + inj.jitter > s.duration) add(['injects', i, 'at'], 'inject fires after the scenario ends (at + jitter > duration)');
    if (inj.type === 'status' || inj.type === 'alert') service(['injects', i, 'service'], inj['service']);
    if (inj.type === 'message' && inj['to'] !== null) participant(['injects', i, 'to'], inj['to']);
    if (inj.type === 'partition') {
      const cut = inj['cut'] as string[];
      const from = inj['from'] as string[];
      cut.forEach((p, j) => participant(['injects', i, 'cut', j], p));
      from.forEach((p, j) => {
        participant(['injects', i, 'from', j], p);
        if (cut.includes(p)) add(['injects', i, 'from', j], `participant ${p} cannot be cut off from itself`);
      });
    }
  });

  for (const i of duplicates(s.rubric.map((r) => r.id))) add(['rubric', i, 'id'], 'rubric id appears twice');
  s.rubric.forEach((r, i) => {
    if (r.after !== 'start' && !injects.has(r.after)) add(['rubric', i, 'after'], `unknown inject ${JSON.stringify(r.after)} (use "start" or an inject id)`);
    if (r.by !== undefined) participant(['rubric', i, 'by'], r.by);
    if ('service' in r.expect) service(['rubric', i, 'expect', 'service'], r.expect['service']);
    if ('team' in r.expect) team(['rubric', i, 'expect', 'team'], r.expect['team']);
  });

  // Script labels must be defined by an earlier step of the right kind.
  const labels = new Map<string, string>();
  let last = 0;
  s.script.forEach((step, i) => {
    participant(['script', i, 'by'], step.by);
    if (step.at > s.duration) add(['script', i, 'at'], 'step comes after the scenario ends');
    if (step.at < last) add(['script', i, 'at'], 'script steps must be in time order');
    last = Math.max(last, step.at);
    if (step.do === 'service.status') service(['script', i, 'service'], step['service']);
    if (step.do === 'note.add' && step['service'] !== undefined) service(['script', i, 'service'], step['service']);
    if (step.do === 'task.create') {
      if (step['team'] !== undefined) team(['script', i, 'team'], step['team']);
      if (step['assignee'] !== undefined) participant(['script', i, 'assignee'], step['assignee']);
    }
    const needs =
      step.do === 'task.status' ? ['task', 'task.create'] : step.do === 'action.approve' || step.do === 'action.reject' ? ['action', 'action.request'] : null;
    if (needs !== null) {
      const [field, kind] = needs as [string, string];
      const ref = step[field];
      if (typeof ref === 'string' && labels.get(ref) !== kind) add(['script', i, field], `no earlier ${kind} step has ref ${JSON.stringify(ref)}`);
    }
    if (step.ref !== undefined) {
      if (labels.has(step.ref)) add(['script', i, 'ref'], `ref ${JSON.stringify(step.ref)} is used twice`);
      labels.set(step.ref, step.do);
    }
  });
  return problems;
}
