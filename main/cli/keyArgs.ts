// Public keys are base64url and may begin with '-', which an argument parser
// takes for an option. Bind such a key to the option before it, or mark it as
// a positional, before parsing.
const KEY = /^-[A-Za-z0-9_-]{42}$/;

export function protectKeyArgs(argv: readonly string[]): string[] {
  const out: string[] = [];
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    if (arg.startsWith('--') && !arg.includes('=') && next !== undefined && KEY.test(next)) {
      out.push(`${arg}=${next}`);
      i += 1;
    } else if (KEY.test(arg)) {
      positional.push(arg);
    } else {
      out.push(arg);
    }
  }
  return positional.length > 0 ? [...out, '--', ...positional] : out;
}
