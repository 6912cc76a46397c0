// Backstage entity references, parsed by the rules of @backstage/catalog-model
// (parseEntityRef): `[kind:][namespace/]name`. A missing kind or namespace is
// taken from the context: the field's default kind (owner → Group,
// providesApis → API, system → System, …; dependsOn has none, so its refs
// must name their kind) and the referring entity's own namespace. Kinds,
// namespaces and names compare case-insensitively in Backstage, so refs are
// kept lower-cased.

export interface EntityRef {
  /** Lower-cased kind, e.g. 'component'. */
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

export type RefResult = { ok: true; ref: EntityRef } | { ok: false; reason: string };

export function parseEntityRef(text: string, context: { defaultKind?: string; defaultNamespace: string }): RefResult {
  const ref = text.trim();
  let colon = ref.indexOf(':');
  const slash = ref.indexOf('/');
  // "namespace/name:with:colons": a colon after the slash belongs to the name.
  if (slash !== -1 && slash < colon) colon = -1;
  const kind = colon === -1 ? context.defaultKind : ref.slice(0, colon);
  const namespace = slash === -1 ? context.defaultNamespace : ref.slice(colon + 1, slash);
  const name = ref.slice(Math.max(colon + 1, slash + 1));
  if (kind === undefined) return { ok: false, reason: `entity reference "${text}" has no kind (write it as e.g. "component:${ref}")` };
  if (kind === '') return { ok: false, reason: `entity reference "${text}" has an empty kind` };
  if (namespace === '') return { ok: false, reason: `entity reference "${text}" has an empty namespace` };
  if (name === '') return { ok: false, reason: `entity reference "${text}" has an empty name` };
  return { ok: true, ref: { kind: kind.toLowerCase(), namespace: namespace.toLowerCase(), name: name.toLowerCase() } };
}

/** The canonical text of a reference, `kind:namespace/name`: also the key entities are indexed by. */
export function refKey(ref: EntityRef): string {
  return `${ref.kind}:${ref.namespace}/${ref.name}`;
}
