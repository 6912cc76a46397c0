// Reading the README's ```sh blocks as a shell would, just enough to run them:
// quotes, unquoted # comments, `a | b` meaning "a, or b" (each a commandpost
// subcommand), and [optional] groups, which are left out.

/** One command line from a ```sh block, as written (comment removed). */
export interface ReadmeLine {
  block: number;
  text: string;
}

/** Every non-empty, non-comment line of every ```sh block. */
export function shLines(markdown: string): ReadmeLine[] {
  const lines: ReadmeLine[] = [];
  let block = 0;
  for (const match of markdown.matchAll(/^```sh\n([\s\S]*?)^```/gm)) {
    block += 1;
    for (const raw of (match[1] ?? '').split('\n')) {
      const text = withoutComment(raw).trim();
      if (text !== '') lines.push({ block, text });
    }
  }
  return lines;
}

function withoutComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote !== null) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) return line.slice(0, i);
  }
  return line;
}

/** Shell words: whitespace-separated, '…' and "…" quoted (no escapes are used in the README). */
export function words(text: string): string[] {
  const out: string[] = [];
  let word: string | null = null;
  let quote: string | null = null;
  for (const ch of text) {
    if (quote !== null) {
      if (ch === quote) quote = null;
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      word ??= '';
    } else if (/\s/.test(ch)) {
      if (word !== null) out.push(word);
      word = null;
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (quote !== null) throw new Error(`unbalanced quote in ${JSON.stringify(text)}`);
  if (word !== null) out.push(word);
  return out;
}

/** `npx commandpost a … | b …` as the argument lists [a …], [b …], with [optional] groups left out. */
export function commandpostInvocations(text: string): string[][] | null {
  const all = words(text);
  if (all[0] !== 'npx' || all[1] !== 'commandpost') return null;
  const invocations: string[][] = [[]];
  let optional = 0;
  for (const word of all.slice(2)) {
    if (word.startsWith('[')) optional += 1;
    if (optional > 0) {
      if (word.endsWith(']')) optional -= 1;
      continue;
    }
    if (word === '|') invocations.push([]);
    else invocations[invocations.length - 1]?.push(word);
  }
  return invocations;
}
