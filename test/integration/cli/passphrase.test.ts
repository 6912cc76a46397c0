import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { lazySecrets } from '../../../main/cli/commands/dispatch';
import { CliContext, type CliIo } from '../../../main/cli/context';
import { runCli } from '../../../main/cli/run';
import { loadOrCreateDeviceCertificate } from '../../../main/identity';
import { ManualClock } from '../../../shared/clock';

// A machine without a keychain, a user at a terminal and no
// COMMANDPOST_PASSPHRASE: the first passphrase is confirmed, and a process
// (a headless `serve`) asks once, at start, whatever it reads later.

/** A terminal the test types on: raw mode is a no-op, keystrokes are written to it. */
function terminal(): PassThrough & { isTTY: boolean; isRaw: boolean; setRawMode(mode: boolean): void } {
  return Object.assign(new PassThrough(), { isTTY: true, isRaw: false, setRawMode: () => undefined });
}

function io(home: string, tty: PassThrough): CliIo & { err: () => string } {
  let err = '';
  return {
    stdout: () => undefined,
    stderr: (t) => (err += t),
    env: { COMMANDPOST_HOME: home, COMMANDPOST_SECRET_STORE: 'file', USER: 'Priya' },
    // A PassThrough posing as the process's TTY stdin; the CLI only uses the PromptInput part of it.
    stdin: tty as unknown as NodeJS.ReadStream,
    err: () => err,
  };
}

const prompts = (text: string) => text.split(/passphrase[^:\n]*: /i).length - 1;

async function answer(tty: PassThrough, err: () => string, n: number, line: string): Promise<void> {
  await vi.waitFor(() => expect(prompts(err())).toBeGreaterThanOrEqual(n));
  tty.write(`${line}\r`);
}

describe('the passphrase on a terminal', () => {
  it('init asks for a new passphrase twice; a later process asks once for everything it reads', async () => {
    const home = join(mkdtempSync(join(tmpdir(), 'cp-pass-')), 'config');
    const tty = terminal();
    const first = io(home, tty);
    const init = runCli(['init', '--workspace', join(home, '..', 'ws')], first);
    await answer(tty, first.err, 1, 'lantern moss');
    await answer(tty, first.err, 2, 'lantern moss');
    expect(await init).toBe(0);
    expect(first.err()).toContain('New passphrase: ');
    expect(first.err()).toContain('The same passphrase again: ');

    // What `serve` does in one process: the device key, then the TLS key, then connector secrets as the dispatcher asks.
    const tty2 = terminal();
    const later = io(home, tty2);
    const ctx = new CliContext(later);
    const starting = ctx.identity(false);
    await answer(tty2, later.err, 1, 'lantern moss');
    const me = await starting;
    await loadOrCreateDeviceCertificate({ configDir: home, device: me, clock: new ManualClock(Date.UTC(2026, 10, 1)), log: () => undefined });
    const secrets = lazySecrets(ctx);
    expect(await secrets.get('webhook')).toBeNull();
    expect(await secrets.get('slack')).toBeNull();
    await ctx.identity(false);
    expect(prompts(later.err())).toBe(1);
    expect(later.err()).not.toContain('again');
  });
});
