/** What `commandpost action request` is told in a test; params go in as given (JSON text) or are left out. */
export interface ActionRequestFlags {
  connector: string;
  operation: string;
  env: string;
  risk: string;
  target: string;
  summary: string;
  params?: string;
}

/** The argv of `commandpost action request` for these flags, so tests do not each spell out the flag list. */
export function actionRequestArgs(f: ActionRequestFlags): string[] {
  const args = ['action', 'request', '--connector', f.connector, '--operation', f.operation, '--env', f.env, '--risk', f.risk];
  args.push('--target', f.target, '--summary', f.summary);
  return f.params === undefined ? args : [...args, '--params', f.params];
}
