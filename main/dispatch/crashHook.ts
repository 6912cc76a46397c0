// A test hook for the crash test (test/integration/dispatch): with this
// variable set to an action id prefix (or "*"), the process kills itself
// with SIGKILL right after that action's send returned and before its
// result is journaled: the one moment a real crash makes the outcome unknown.
export const CRASH_AFTER_SEND_ENV = 'COMMANDPOST_TEST_CRASH_AFTER_SEND';

export function crashHookFromEnv(env: NodeJS.ProcessEnv): ((actionId: string) => void) | undefined {
  const wanted = env[CRASH_AFTER_SEND_ENV];
  if (wanted === undefined || wanted === '') return undefined;
  return (actionId) => {
    if (wanted === '*' || actionId.startsWith(wanted)) process.kill(process.pid, 'SIGKILL');
  };
}
