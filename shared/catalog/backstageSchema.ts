import { z } from 'zod';

// The parts of Backstage's descriptor format (catalog-info.yaml) that the
// import reads, checked as Backstage's own JSON schemas check them
// (Entity, EntityMeta and the kinds' v1alpha1 schemas): the required fields
// are required here too, so a file Backstage refuses is refused here with
// its line. Fields the import does not use are let through untouched.

export const BACKSTAGE_API_VERSIONS = ['backstage.io/v1alpha1', 'backstage.io/v1beta1'] as const;
export const IMPORTED_KINDS = ['Component', 'Resource', 'API', 'System', 'Group'] as const;
export type ImportedKind = (typeof IMPORTED_KINDS)[number];

const Text = z.string().min(1);
/** Backstage's rule for metadata.name (validators.isValidObjectName). */
const Name = z
  .string()
  .min(1)
  .max(63)
  .regex(/^([A-Za-z0-9]+[-_.])*[A-Za-z0-9]+$/, 'expected a Backstage name: letters and digits, "-", "_" or "." between them, at most 63 characters');
/** Backstage's rule for metadata.namespace (validators.isValidNamespace). */
const Namespace = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a Backstage namespace: lower-case letters and digits separated by "-"');
const RefList = z.array(Text).default([]);

const Metadata = z.looseObject({
  name: Name,
  namespace: Namespace.default('default'),
  title: Text.optional(),
  description: z.string().optional(),
  tags: z.array(Text).default([]),
});

const envelope = <K extends ImportedKind, S extends z.ZodType>(kind: K, spec: S) =>
  z.looseObject({ apiVersion: z.enum(BACKSTAGE_API_VERSIONS), kind: z.literal(kind), metadata: Metadata, spec });

export const ComponentEntity = envelope(
  'Component',
  z.looseObject({
    type: Text,
    lifecycle: Text,
    owner: Text,
    system: Text.optional(),
    subcomponentOf: Text.optional(),
    providesApis: RefList,
    consumesApis: RefList,
    dependsOn: RefList,
  }),
);

export const ResourceEntity = envelope('Resource', z.looseObject({ type: Text, owner: Text, system: Text.optional(), dependsOn: RefList }));

export const ApiEntity = envelope(
  'API',
  // Backstage also requires `definition`; the import does not read it, so its absence is no error here.
  z.looseObject({ type: Text, lifecycle: Text, owner: Text, system: Text.optional() }),
);

export const SystemEntity = envelope('System', z.looseObject({ owner: Text, domain: Text.optional() }));

export const GroupEntity = envelope(
  'Group',
  z.looseObject({
    type: Text,
    profile: z.looseObject({ displayName: Text.optional(), email: Text.optional() }).optional(),
    parent: Text.optional(),
    children: z.array(Text),
  }),
);

export const BackstageEntity = z.discriminatedUnion('kind', [ComponentEntity, ResourceEntity, ApiEntity, SystemEntity, GroupEntity]);
export type BackstageEntity = z.output<typeof BackstageEntity>;

/** Just enough of any document to tell which kind it is, before deciding whether to read it. */
export const EntityEnvelope = z.looseObject({ apiVersion: z.string(), kind: z.string() });
