import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { UsageError } from '../../../../main/cli/context';
import { describeError, errorText, prefixOnce, withoutRepeatedPrefix } from '../../../../main/cli/errorText';
import { flagForPath } from '../../../../main/cli/fieldFlags';
import { refuseMachineWorkspace } from '../../../../main/cli/workspaceFlag';
import { EntryRefusedError } from '../../../../main/workspace';

describe('CLI error text', () => {
  it('names the command once, however the error was already wrapped', () => {
    expect(errorText('dispatch', new Error('dispatch: dispatch: connector webhook has no secret'))).toBe(
      'commandpost dispatch: connector webhook has no secret',
    );
    expect(errorText('action', new Error('commandpost action: nope'))).toBe('commandpost action: nope');
    expect(errorText('action', new Error('no action with id abcdef'))).toBe('commandpost action: no action with id abcdef');
    expect(prefixOnce('x', 'y: z')).toBe('x: y: z');
    expect(withoutRepeatedPrefix('dispatch: dispatch: 1a2b3c4d attempt 1 succeeded')).toBe('dispatch: 1a2b3c4d attempt 1 succeeded');
    expect(withoutRepeatedPrefix('dispatch: 1a2b3c4d waits')).toBe('dispatch: 1a2b3c4d waits');
  });

  it('turns zod paths into the flags the user typed', () => {
    const schema = z.object({ service: z.string(), dueIn: z.number(), body: z.object({ severity: z.number().max(5) }) });
    const parsed = schema.safeParse({ service: 3, dueIn: 'x', body: { severity: 9 } });
    expect(parsed.success).toBe(false);
    const text = describeError(parsed.error);
    expect(text).toContain('--service: ');
    expect(text).toContain('--due-in: ');
    expect(text).toContain('--severity: ');
    expect(text).not.toMatch(/\["|body\./);
    expect(flagForPath('roster.memberPut', ['member'])).toBe('--key');
    expect(flagForPath('service.status', ['body', 'service'])).toBe('SERVICE');
    expect(flagForPath(null, ['params', 'url'])).toBe('--params (at url)');
  });

  it('rewords an entry refused for its body, and leaves other refusals alone', () => {
    expect(describeError(new EntryRefusedError('incident.open', 'invalid body at severity: Too big'))).toBe(
      '--severity: Too big (incident.open refused; nothing was written)',
    );
    expect(describeError(new EntryRefusedError('service.status', 'unknown service'))).toBe('service.status refused: unknown service');
  });

  it('refuses --workspace for per-machine commands only, saying why', () => {
    expect(() => refuseMachineWorkspace('identity', ['show', '--workspace', '/w'])).toThrow(
      new UsageError('identity show does not take --workspace: the device key is per machine'),
    );
    expect(() => refuseMachineWorkspace('connector', ['secret', 'set', 'x', '--workspace=/w'])).toThrow(/connector secret does not take --workspace: /);
    expect(() => refuseMachineWorkspace('connector', ['list', '--workspace', '/w'])).not.toThrow();
    expect(() => refuseMachineWorkspace('identity', ['show'])).not.toThrow();
    expect(() => refuseMachineWorkspace('note', ['add', '--', '--workspace'])).not.toThrow();
  });
});
