// Child process for the crash test: runs the requester's dispatcher over a
// workspace once (drain) and exits. With COMMANDPOST_TEST_CRASH_AFTER_SEND
// set it SIGKILLs itself right after the send, before the result is
// journaled. Usage: node --import tsx dispatchChild.ts DIR
import { ManualClock } from '../../../shared/clock';
import { crashHookFromEnv, dedupRule, DispatchConfigSchema } from '../../../main/dispatch';
import { dispatcherFor, open } from './fixture';

const dir = process.argv[2] ?? '';
const clock = new ManualClock(Number(process.env.CP_T));
const ws = open(dir, 'requester', clock);
const config = DispatchConfigSchema.parse({ connectors: { webhook: { deduplicatingOrigins: process.env.CP_DEDUP ? [process.env.CP_DEDUP] : [] } } });
const { d, log } = dispatcherFor(ws, clock, { afterSend: crashHookFromEnv(process.env), deduplicates: dedupRule(config) });
const pass = await d.drain();
ws.close();
process.stdout.write(`${JSON.stringify({ pass, log })}\n`);
