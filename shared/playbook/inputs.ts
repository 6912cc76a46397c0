import type { PlaybookDocument } from './playbookSchema';

// A run's inputs checked against the playbook's declarations. One function
// for the fold (which decides) and the API (which answers the form with the
// same words before anything is journaled), so the two can never disagree.

export type InputCheck = { ok: true; inputs: Record<string, string> } | { ok: false; input: string; problem: string };

/** Given values plus defaults; the first problem names the input. */
export function resolveInputs(declared: PlaybookDocument['inputs'], given: Readonly<Record<string, string>>, playbook: string): InputCheck {
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(declared, name)) return { ok: false, input: name, problem: `playbook ${playbook} has no input ${name}` };
  }
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(declared)) {
    const value = Object.hasOwn(given, name) ? given[name] : spec.default;
    if (value === undefined) {
      if (spec.required) return { ok: false, input: name, problem: `input ${name} is required (${spec.description || 'no description'})` };
      continue;
    }
    if (spec.pattern !== undefined && !safeMatch(spec.pattern, value)) {
      return { ok: false, input: name, problem: `input ${name}=${JSON.stringify(value)} does not match ${spec.pattern}` };
    }
    inputs[name] = value;
  }
  return { ok: true, inputs };
}

/** An input pattern from a signed playbook; an invalid expression matches nothing rather than throwing in the fold. */
function safeMatch(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return false;
  }
}
