export { parseYaml, readYamlFile, YamlFileError } from './yamlFile';
export { CatalogFileSchema, catalogEntries, catalogProblem, type CatalogFile } from './catalogFile';
