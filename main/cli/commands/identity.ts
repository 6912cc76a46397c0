import { describeIdentity } from '../../identity';
import type { CliContext } from '../context';
import { UsageError } from '../context';

export const identityHelp = `commandpost identity show
  Print this device's public key and which secret store holds its private key
  (per machine, so it takes no --workspace).`;

export async function identity(ctx: CliContext, argv: string[]): Promise<number> {
  if (argv[0] !== 'show') throw new UsageError(`unknown identity command ${JSON.stringify(argv[0] ?? '')}\n${identityHelp}`);
  const record = await describeIdentity(ctx.configDir);
  if (record === null) {
    ctx.out(`No device identity in ${ctx.configDir} yet; \`commandpost init\` creates one.`);
    return 1;
  }
  const store = ctx.secretStores().find((s) => s.name === record.store);
  ctx.out(`public key: ${record.publicKey}`);
  ctx.out(`private key: in ${store?.description ?? record.store} (account ${record.account})`);
  ctx.out(`config: ${ctx.configDir}`);
  return 0;
}
