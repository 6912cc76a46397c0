import { describe, expect, it } from 'vitest';
import { emptyState, type ActionRecord, type ExerciseState, type WorkspaceState } from '../../../../shared/state';
import { createConnectors } from '../../../../main/connectors';
import { previewOf, resolveAction } from '../../../../main/dispatch';

const action = { id: 'a'.repeat(64), connector: 'webhook', operation: 'post' } as ActionRecord;
const params = { url: 'https://hooks.example.com/x', payload: { text: 'hi' }, secret: 'hook' };

describe('exercise rule', () => {
  it('in an exercise workspace every action goes to the sandbox; the real connector still validates and previews', () => {
    // Only the slice's presence matters to the rule (shared/exercise connectorFor).
    const drill: WorkspaceState = { ...emptyState(), exercise: {} as ExerciseState };
    const r = resolveAction(createConnectors(), drill, action, params);
    if (typeof r === 'string') throw new Error(r);
    expect(r.connector.id).toBe('sandbox');
    expect(r.sandboxed).toBe(true);
    expect(previewOf(r).text).toMatch(/^\[exercise: sent to the sandbox, not to webhook\] POST a signed JSON payload/);
    expect(resolveAction(createConnectors(), drill, action, { ...params, url: 'not a url' })).toMatch(/webhook: invalid parameters at url/);
  });

  it('outside an exercise the requested connector is used', () => {
    const r = resolveAction(createConnectors(), emptyState(), action, params);
    expect(typeof r !== 'string' && r.connector.id).toBe('webhook');
  });
});
