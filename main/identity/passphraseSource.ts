// Where the file store's passphrase comes from. The composition root wires
// this to process.env / process.stdin / process.stderr; tests pass fakes.

export const PASSPHRASE_ENV = 'COMMANDPOST_PASSPHRASE';

/** Resolves the passphrase, or null when none can be obtained without a user. */
export type PassphraseSource = () => Promise<string | null>;

/** The parts of a TTY input stream the prompt uses (process.stdin fits). */
export interface PromptInput {
  readonly isTTY?: boolean;
  readonly isRaw?: boolean;
  setRawMode?(mode: boolean): unknown;
  setEncoding(encoding: BufferEncoding): unknown;
  on(event: 'data', listener: (chunk: string) => void): unknown;
  off(event: 'data', listener: (chunk: string) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

export interface PromptOutput {
  write(text: string): unknown;
}

/** Typed when the user aborts the prompt with Ctrl-C, so callers do not mistake it for "no terminal". */
export class PassphraseCancelledError extends Error {
  constructor() {
    super('passphrase entry was cancelled');
    this.name = 'PassphraseCancelledError';
  }
}

/**
 * COMMANDPOST_PASSPHRASE if set and non-empty; else, on a terminal, a prompt
 * on `output` that does not echo; else null (no way to ask anyone).
 */
export async function passphraseFromEnvOrPrompt(
  env: Readonly<Record<string, string | undefined>>,
  input: PromptInput,
  output: PromptOutput,
  prompt = 'Passphrase for the Command Post device key file: ',
): Promise<string | null> {
  const fromEnv = env[PASSPHRASE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (input.isTTY !== true || input.setRawMode === undefined) return null;
  return readHidden(input, output, prompt);
}

function readHidden(input: PromptInput, output: PromptOutput, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const wasRaw = input.isRaw === true;
    let answer = '';
    const finish = (error: Error | null): void => {
      input.off('data', onData);
      input.setRawMode?.(wasRaw);
      input.pause();
      output.write('\n');
      if (error === null) resolve(answer);
      else reject(error);
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish(null);
        if (ch === '\u0003') return finish(new PassphraseCancelledError());
        if (ch === '\u007f' || ch === '\b') answer = [...answer].slice(0, -1).join('');
        else if (ch >= ' ') answer += ch;
      }
    };
    output.write(prompt);
    // Raw mode turns off the terminal's echo, so the passphrase never appears on screen.
    input.setRawMode?.(true);
    input.setEncoding('utf8');
    input.on('data', onData);
    input.resume();
  });
}
