import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PassphraseCancelledError, passphraseFromEnvOrPrompt } from '../../../../main/identity';

/** A PassThrough dressed as a TTY, recording raw-mode switches. */
function fakeTty(isTTY = true): PassThrough & { isTTY: boolean; isRaw: boolean; setRawMode(mode: boolean): void; modes: boolean[] } {
  const modes: boolean[] = [];
  return Object.assign(new PassThrough(), {
    isTTY,
    isRaw: false,
    modes,
    setRawMode(mode: boolean) {
      modes.push(mode);
    },
  });
}

function output(): { write(text: string): boolean; text: string } {
  return {
    text: '',
    write(t: string) {
      this.text += t;
      return true;
    },
  };
}

describe('passphraseFromEnvOrPrompt', () => {
  it('prefers a non-empty COMMANDPOST_PASSPHRASE', async () => {
    expect(await passphraseFromEnvOrPrompt({ COMMANDPOST_PASSPHRASE: 'from env' }, fakeTty(), output())).toBe('from env');
  });

  it('returns null without a terminal (and ignores an empty env value)', async () => {
    expect(await passphraseFromEnvOrPrompt({ COMMANDPOST_PASSPHRASE: '' }, fakeTty(false), output())).toBeNull();
  });

  it('prompts on a TTY in raw mode, without echoing, handling backspace', async () => {
    const input = fakeTty();
    const out = output();
    const answer = passphraseFromEnvOrPrompt({}, input, out, 'Passphrase: ');
    input.write('hunter3\u007f2\r');
    expect(await answer).toBe('hunter2');
    expect(out.text).toBe('Passphrase: \n');
    expect(input.modes).toEqual([true, false]);
  });

  it('rejects with PassphraseCancelledError on Ctrl-C', async () => {
    const input = fakeTty();
    const answer = passphraseFromEnvOrPrompt({}, input, output());
    input.write('abc\u0003');
    await expect(answer).rejects.toThrow(PassphraseCancelledError);
  });
});
