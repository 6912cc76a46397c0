/** Seeded mutations of valid frames, for fuzzing: structural (on the JSON value) and raw (on the text). */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const ODD_VALUES: Json[] = [null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 60), '', 'x', '__proto__', [], {}, [null], { t: 'hello' }, 'é\u0000\uffff'];

function pick<T>(rng: () => number, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

/** Every path to a value inside `v` (objects and arrays), root excluded. */
function paths(v: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  const children: [string | number, Json][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : v !== null && typeof v === 'object' ? Object.entries(v) : [];
  for (const [k, x] of children) {
    out.push([...prefix, k]);
    paths(x, [...prefix, k], out);
  }
  return out;
}

function parentOf(root: Json, path: (string | number)[]): { holder: Record<string | number, Json>; key: string | number } {
  let holder = root as Record<string | number, Json>;
  for (const step of path.slice(0, -1)) holder = holder[step] as Record<string | number, Json>;
  return { holder, key: path[path.length - 1]! };
}

function mutateValue(rng: () => number, frame: Json): Json {
  const root = structuredClone(frame);
  const all = paths(root);
  if (all.length === 0) return root;
  const { holder, key } = parentOf(root, pick(rng, all));
  const current = holder[key] ?? null;
  switch (Math.floor(rng() * 7)) {
    case 0: // type change
      holder[key] = pick(rng, ODD_VALUES);
      break;
    case 1: // delete a field / element
      if (Array.isArray(holder)) holder.splice(Number(key), 1);
      else delete holder[key];
      break;
    case 2: {
      // swap with another value in the frame
      const other = parentOf(root, pick(rng, all));
      const tmp = other.holder[other.key] ?? null;
      other.holder[other.key] = structuredClone(current);
      holder[key] = structuredClone(tmp);
      break;
    }
    case 3: // numbers off by a little or a lot
      holder[key] = typeof current === 'number' ? current + pick(rng, [1, -1, 1e9, -1e9, 0.5]) : current;
      break;
    case 4: // a character changed inside a string
      if (typeof current === 'string' && current.length > 0) {
        const i = Math.floor(rng() * current.length);
        holder[key] = current.slice(0, i) + String.fromCharCode(32 + Math.floor(rng() * 95)) + current.slice(i + 1);
      } else holder[key] = 'mutant';
      break;
    case 5: // an extra field
      if (!Array.isArray(holder) && current !== null && typeof current === 'object' && !Array.isArray(current))
        (current as Record<string, Json>)[`x${Math.floor(rng() * 9)}`] = pick(rng, ODD_VALUES);
      else holder[key] = [current, current];
      break;
    default: // duplicate into an array, or wrap
      holder[key] = Array.isArray(current) ? [...current, ...current] : [current];
  }
  return root;
}

function mutateText(rng: () => number, text: string): string {
  switch (Math.floor(rng() * 4)) {
    case 0: {
      // flip one bit of one character
      const i = Math.floor(rng() * text.length);
      return text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) ^ (1 << Math.floor(rng() * 7))) + text.slice(i + 1);
    }
    case 1: // truncate
      return text.slice(0, Math.floor(rng() * text.length));
    case 2: {
      // insert random bytes
      const i = Math.floor(rng() * text.length);
      const junk = Array.from({ length: 1 + Math.floor(rng() * 8) }, () => String.fromCharCode(Math.floor(rng() * 256))).join('');
      return text.slice(0, i) + junk + text.slice(i);
    }
    default: // repeat a slice
      return text + text.slice(Math.floor(rng() * text.length));
  }
}

/** One mutant of `frame`: 1–3 structural changes, then sometimes a raw one. */
export function mutateFrame(rng: () => number, frame: object): string {
  let value = frame as Json;
  const rounds = 1 + Math.floor(rng() * 3);
  for (let r = 0; r < rounds; r++) value = mutateValue(rng, value);
  const text = JSON.stringify(value) ?? 'null';
  return rng() < 0.3 ? mutateText(rng, text) : text;
}
