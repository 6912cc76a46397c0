export { parseYaml, readYamlFile, YamlFileError } from './yamlFile';
export { CatalogFileSchema, catalogEntries, catalogProblem, type CatalogFile } from './catalogFile';
export { importBackstage, backstageFiles, readBackstageFiles, BackstageImportError, type BackstageImportReport, type CatalogWorkspace } from './backstageImport';
