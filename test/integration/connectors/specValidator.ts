// Validates a received HTTP request against one operation of a vendor's own
// published spec excerpt (test/fixtures/specs, origins in test/fixtures/SOURCE.md). Swagger 2 and OpenAPI 3
// are both read: the request body schema (a `body` parameter, `formData`
// parameters gathered into an object, or `requestBody.content[type]`), path,
// query and header parameters. `$ref`s resolve within the spec file, which
// is registered whole with ajv under the id "spec".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export const SPECS_DIR = fileURLToPath(new URL('../../fixtures/specs/', import.meta.url));

export interface ReceivedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

type Json = Record<string, unknown>;
interface Param {
  name: string;
  in: string;
  required?: boolean;
  schema?: Json;
  type?: string;
  enum?: unknown[];
  format?: string;
}

export interface OperationValidator {
  /** Whether a request is aimed at this operation (method and path). */
  matches(req: ReceivedRequest): boolean;
  /** Problems with the request; empty when it conforms. */
  check(req: ReceivedRequest): string[];
  /**
   * Validate a merge patch against a named schema of the same spec as a
   * partial object: every field it has must fit, none is required.
   */
  checkPartial(pointer: string, value: unknown): string[];
}

const asObj = (v: unknown): Json => (v !== null && typeof v === 'object' ? (v as Json) : {});

function deref(spec: Json, v: unknown): Json {
  const ref = asObj(v).$ref;
  if (typeof ref !== 'string') return asObj(v);
  let node: unknown = spec;
  for (const part of ref.replace(/^#\//, '').split('/')) node = asObj(node)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return deref(spec, node);
}

/** Rewrite local refs ("#/…") to point into the registered spec ("spec#/…"). */
function anchored(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(anchored);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `spec${v}` : anchored(v)]));
}

/** The spec with every `required` list dropped (a property named "required" is kept). */
function withoutRequired(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutRequired);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([k, v]) => !(k === 'required' && Array.isArray(v)))
      .map(([k, v]) => [k, withoutRequired(v)]),
  );
}

const paramSchema = (p: Param): Json =>
  p.schema ?? { ...(p.type ? { type: p.type } : {}), ...(p.enum ? { enum: p.enum } : {}), ...(p.format ? { format: p.format } : {}) };

export function operationValidator(specFile: string, method: string, pathTemplate: string, opts: { basePath?: string } = {}): OperationValidator {
  const spec = JSON.parse(readFileSync(join(SPECS_DIR, specFile), 'utf8')) as Json;
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, coerceTypes: false });
  addFormats(ajv);
  ajv.addFormat('url', /^https?:\/\/\S+$/); // PagerDuty's "url" format is not a JSON Schema one
  ajv.addSchema(spec, 'spec');
  const pathItem = asObj(asObj(spec.paths)[pathTemplate]);
  const op = asObj(pathItem[method.toLowerCase()]);
  if (Object.keys(op).length === 0) throw new Error(`${specFile}: no ${method} ${pathTemplate}`);
  const params = [...((pathItem.parameters as unknown[]) ?? []), ...((op.parameters as unknown[]) ?? [])].map((p) => deref(spec, p) as unknown as Param);
  const compile = (schema: unknown): ValidateFunction => ajv.compile(asObj(anchored(schema)));
  let partialAjv: Ajv | null = null;
  const partial = (): Ajv => {
    if (partialAjv === null) {
      partialAjv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
      addFormats(partialAjv);
      partialAjv.addSchema(asObj(withoutRequired(spec)), 'spec');
    }
    return partialAjv;
  };
  const basePath = opts.basePath ?? (typeof spec.basePath === 'string' ? spec.basePath : '');
  const names: string[] = [];
  const pathRe = new RegExp(`^${basePath}${pathTemplate.replace(/[.]/g, '\\.').replace(/\{([^}]+)\}/g, (_m, n: string) => (names.push(n), '([^/]+)'))}$`);

  const bodyParam = params.find((p) => p.in === 'body');
  const formParams = params.filter((p) => p.in === 'formData');
  const content = asObj(asObj(op.requestBody).content);
  const bodyRequired = bodyParam?.required === true || asObj(op.requestBody).required === true || formParams.some((p) => p.required);
  const formSchema = {
    type: 'object',
    properties: Object.fromEntries(formParams.map((p) => [p.name, paramSchema(p)])),
    required: formParams.filter((p) => p.required).map((p) => p.name),
    additionalProperties: false,
  };

  function check(req: ReceivedRequest): string[] {
    const problems: string[] = [];
    const say = (where: string, v: ValidateFunction) => problems.push(...(v.errors ?? []).map((e) => `${where}${e.instancePath} ${e.message ?? ''}`.trim()));
    if (req.method.toUpperCase() !== method.toUpperCase()) problems.push(`method ${req.method}, expected ${method}`);
    const m = pathRe.exec(req.path);
    if (m === null) problems.push(`path ${req.path} does not match ${basePath}${pathTemplate}`);
    for (const p of params) {
      let value: string | undefined;
      if (p.in === 'path') value = m === null ? undefined : decodeURIComponent(m[names.indexOf(p.name) + 1] ?? '');
      else if (p.in === 'query') value = req.query.get(p.name) ?? undefined;
      else if (p.in === 'header') {
        const h = req.headers[p.name.toLowerCase()];
        value = Array.isArray(h) ? h[0] : h;
      } else continue;
      if (value === undefined) {
        if (p.required) problems.push(`missing required ${p.in} parameter ${p.name}`);
        continue;
      }
      const schema = paramSchema(p);
      const typed = schema.type === 'integer' || schema.type === 'number' ? Number(value) : schema.type === 'boolean' ? value === 'true' : value;
      const v = compile(schema);
      if (!v(typed)) say(`${p.in} parameter ${p.name}`, v);
    }
    const type =
      String(req.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim() ?? '';
    if (req.body === '') {
      if (bodyRequired) problems.push('missing required request body');
      return problems;
    }
    let body: unknown;
    if (type === 'application/x-www-form-urlencoded') body = Object.fromEntries(new URLSearchParams(req.body));
    else {
      try {
        body = JSON.parse(req.body);
      } catch {
        problems.push(`body is not JSON (content-type ${type})`);
        return problems;
      }
    }
    let schema: unknown;
    if (bodyParam) schema = bodyParam.schema;
    else if (formParams.length > 0) {
      const consumes = (op.consumes as string[] | undefined) ?? (spec.consumes as string[] | undefined) ?? [];
      if (!consumes.includes(type)) problems.push(`content-type ${type} is not one of ${consumes.join(', ')}`);
      schema = formSchema;
    } else {
      const media = asObj(content[type] ?? content['*/*']);
      if (Object.keys(media).length === 0) problems.push(`content-type ${type} is not one of ${Object.keys(content).join(', ')}`);
      schema = media.schema;
    }
    if (schema !== undefined) {
      const v = compile(schema);
      if (!v(body)) say('body', v);
    }
    return problems;
  }

  return {
    matches: (req) => req.method.toUpperCase() === method.toUpperCase() && pathRe.test(req.path),
    check,
    checkPartial(pointer, value) {
      const v = partial().compile({ $ref: pointer });
      return v(value) ? [] : (v.errors ?? []).map((e) => `${pointer}${e.instancePath} ${e.message ?? ''}`);
    },
  };
}

/** Check each request against the operation it is aimed at; a request aimed at none is a violation. */
export function routeChecks(validators: readonly OperationValidator[]): (req: ReceivedRequest) => string[] {
  return (req) => {
    const v = validators.find((x) => x.matches(req));
    return v === undefined ? [`no operation in the spec excerpt for ${req.method} ${req.path}`] : v.check(req);
  };
}
