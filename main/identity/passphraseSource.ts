// Where the file store's passphrase comes from. The composition root wires
// this to process.env / process.stdin / process.stderr; tests pass fakes.

export const PASSPHRASE_ENV = 'COMMANDPOST_PASSPHRASE';

/** What the file store asks for: to unlock an existing file, or to create it (then a typed passphrase is asked twice). */
export interface PassphraseRequest {
  readonly file: string;
  readonly creating: boolean;
}

/** A passphrase and where it came from, so a wrong one can be blamed on the right thing. */
export interface SourcedPassphrase {
  readonly value: string;
  readonly from: 'env' | 'terminal';
}

/**
 * Resolves the passphrase, or null when none can be obtained without a user.
 * A plain string says nothing of its origin (tests and the Electron app pass one).
 */
export type PassphraseSource = (request: PassphraseRequest) => Promise<string | SourcedPassphrase | null>;

/** How many times a new passphrase may be mistyped in its confirmation before giving up. */
export const CONFIRM_ATTEMPTS = 3;

/** The two entries of a new passphrase differed every time; nothing was created. */
export class PassphraseMismatchError extends Error {
  constructor(readonly file: string) {
    super(`the passphrases typed for ${file} did not match (${CONFIRM_ATTEMPTS} attempts); nothing was created`);
    this.name = 'PassphraseMismatchError';
  }
}

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

/**
 * The CLI's source: COMMANDPOST_PASSPHRASE if set and non-empty; else a
 * prompt on a terminal, asked twice (and again on a mismatch) when the file is
 * being created, since a mistyped first passphrase would lock the key away for
 * good; else null.
 */
export function envOrTerminalPassphrase(env: Readonly<Record<string, string | undefined>>, input: PromptInput, output: PromptOutput): PassphraseSource {
  return async ({ file, creating }) => {
    const fromEnv = env[PASSPHRASE_ENV];
    if (fromEnv !== undefined && fromEnv !== '') return { value: fromEnv, from: 'env' };
    if (input.isTTY !== true || input.setRawMode === undefined) return null;
    if (!creating) return { value: await readHidden(input, output, `Passphrase for ${file}: `), from: 'terminal' };
    output.write(`Command Post keeps the device key in ${file}, encrypted with a passphrase you choose now.\n`);
    for (let attempt = 1; attempt <= CONFIRM_ATTEMPTS; attempt++) {
      const first = await readHidden(input, output, 'New passphrase: ');
      const second = await readHidden(input, output, 'The same passphrase again: ');
      if (first === second) return { value: first, from: 'terminal' };
      if (attempt < CONFIRM_ATTEMPTS) output.write('The two passphrases differ; try again.\n');
    }
    throw new PassphraseMismatchError(file);
  };
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
