import type { JsonValue } from '../canonical';

// {{name}} placeholders in playbook text. Deliberately tiny: names only, no
// expressions, so what a step will do is readable from the file.

const PLACEHOLDER = /\{\{\s*([a-zA-Z][a-zA-Z0-9_]*)\s*\}\}/g;

/** The placeholder names used in a text. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

/** Every placeholder name used anywhere in a JSON value (strings only). */
export function placeholdersIn(value: unknown): string[] {
  if (typeof value === 'string') return placeholders(value);
  if (Array.isArray(value)) return value.flatMap(placeholdersIn);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(placeholdersIn);
  return [];
}

/** Fill a text; a placeholder without a value is an error naming it. */
export function fill(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    if (!Object.hasOwn(vars, name)) throw new TemplateError(name);
    return vars[name] ?? '';
  });
}

const WHOLE = /^\{\{\s*([a-zA-Z][a-zA-Z0-9_]*)\s*\}\}$/;
const INTEGER = /^-?(0|[1-9][0-9]{0,14})$/;

/**
 * Fill every string in a JSON value. Inputs are text, but connector
 * parameters are typed: a string that is nothing but one placeholder whose
 * value is an integer becomes that number ("{{replicas}}" -> 6).
 */
export function fillJson(value: JsonValue, vars: Readonly<Record<string, string>>): JsonValue {
  if (typeof value === 'string') {
    const filled = fill(value, vars);
    return WHOLE.test(value) && INTEGER.test(filled) ? Number(filled) : filled;
  }
  if (Array.isArray(value)) return value.map((v) => fillJson(v, vars));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillJson(v, vars)]));
  return value;
}

export class TemplateError extends Error {
  constructor(readonly placeholder: string) {
    super(`no value for {{${placeholder}}}`);
    this.name = 'TemplateError';
  }
}
