import { describe, expect, it } from 'vitest';
import { protectKeyArgs } from '../../../../main/cli/keyArgs';

const key = `-${'a'.repeat(42)}`;

describe('protectKeyArgs', () => {
  it('binds a dash-leading key to the option before it', () => {
    expect(protectKeyArgs(['add', '--key', key, '--name', 'X'])).toEqual(['add', `--key=${key}`, '--name', 'X']);
  });
  it('moves a lone dash-leading key behind -- as a positional', () => {
    expect(protectKeyArgs(['revoke', key, '--reason', 'left'])).toEqual(['revoke', '--reason', 'left', '--', key]);
  });
  it('leaves ordinary arguments alone', () => {
    expect(protectKeyArgs(['status', '--json', '-h', 'abc'])).toEqual(['status', '--json', '-h', 'abc']);
  });
});
