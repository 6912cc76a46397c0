import { parseArgs } from 'node:util';
import { createConnectors, secretAccount } from '../../connectors';
import { loadDispatchConfig } from '../../dispatch';
import { passphraseFromEnvOrPrompt, selectSecretStore } from '../../identity';
import type { CliContext } from '../context';
import { UsageError } from '../context';

// Connector credentials go into the device's SecretStore (the OS keychain,
// or the passphrase-encrypted file), never into the journal, dispatch.yaml
// or a command line (which `ps` and shell history would show). The value is
// read from a pipe or typed at a prompt that does not echo, and never printed.

export const connectorHelp = `commandpost connector secret set NAME     store a connector secret (HMAC key, token) read from stdin;
    on a terminal it prompts without echo. Connectors name it in dispatch.yaml / action params.
commandpost connector secret delete NAME
commandpost connector list [--config FILE]   which connectors this device has (from dispatch.yaml)`;

const NAME = /^[A-Za-z0-9_.-]{1,100}$/;

async function readValue(ctx: CliContext, name: string): Promise<string> {
  if (ctx.io.readInput !== undefined) return (await ctx.io.readInput()).replace(/\r?\n$/, '');
  const stdin = ctx.io.stdin;
  if (stdin === null) throw new UsageError('pipe the secret on stdin (e.g. `commandpost connector secret set NAME < file`)');
  // An empty env: the prompt must not pick up COMMANDPOST_PASSPHRASE as the answer.
  const typed = await passphraseFromEnvOrPrompt({}, stdin, { write: (t: string) => ctx.io.stderr(t) }, `Value of secret ${name} (not echoed): `);
  if (typed === null) throw new UsageError('no terminal to prompt on; pipe the secret on stdin');
  return typed;
}

export async function connector(ctx: CliContext, argv: string[]): Promise<number> {
  const [sub, ...more] = argv;
  if (sub === 'list') {
    const { values } = parseArgs({ args: more, options: { workspace: { type: 'string' }, config: { type: 'string' } }, strict: true });
    const loaded = loadDispatchConfig(ctx.workspaceDir(values.workspace), values.config);
    ctx.out(`Connectors on this device (${loaded.file ?? 'defaults; no dispatch.yaml'}):`);
    for (const [id, c] of createConnectors(loaded.connectors)) ctx.out(`  ${id}: ${c.operations.join(', ')}${c.rollback ? ' (can roll back)' : ''}`);
    return 0;
  }
  const [verb, ...rest] = more;
  const { positionals } = parseArgs({ args: rest, options: {}, allowPositionals: true, strict: true });
  if (sub !== 'secret' || (verb !== 'set' && verb !== 'delete')) throw new UsageError(connectorHelp);
  const name = positionals[0];
  if (name === undefined || !NAME.test(name)) throw new UsageError(`connector secret ${verb} needs a NAME (letters, digits, . _ -)`);
  const store = await selectSecretStore(ctx.secretStores(), (m) => ctx.warn(m));
  if (verb === 'delete') {
    ctx.out((await store.delete(secretAccount(name))) ? `Deleted secret ${name} from ${store.description}.` : `No secret ${name} in ${store.description}.`);
    return 0;
  }
  const value = await readValue(ctx, name);
  if (value === '') throw new UsageError('the secret is empty; nothing was stored');
  await store.set(secretAccount(name), value);
  ctx.out(`Stored secret ${name} (${[...value].length} characters) in ${store.description}.`);
  return 0;
}
