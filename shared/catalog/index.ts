export {
  catalogDrafts,
  countCatalogDrafts,
  describeCatalogDraft,
  type DesiredCatalog,
  type DesiredEdge,
  type DesiredService,
  type DesiredTeam,
} from './catalogDiff';
export { parseEntityRef, refKey, type EntityRef, type RefResult } from './backstageRef';
export { BackstageEntity, IMPORTED_KINDS, BACKSTAGE_API_VERSIONS, type ImportedKind } from './backstageSchema';
export { parseCatalogInfo, formatNote, type LocatedEntity, type ParsedCatalogFile, type SourceNote } from './backstageDocuments';
export { planBackstageImport, catalogIdOf, type BackstagePlan, type ImportedEntity } from './backstageMapping';
