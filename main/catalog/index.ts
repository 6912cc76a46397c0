export { parseYaml, readYamlFile, YamlFileError } from './yamlFile';
export { CatalogFileSchema, catalogEntries, catalogProblem, type CatalogFile } from './catalogFile';
export {
  importBackstage,
  backstageFiles,
  readBackstageFiles,
  parseBackstageSources,
  planBackstageDrafts,
  BackstageImportError,
  type BackstageImportReport,
  type BackstageSource,
  type CatalogWorkspace,
} from './backstageImport';
export { catalogHandlers } from './catalogHandlers';
