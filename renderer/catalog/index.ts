export { CatalogImportDialog } from './CatalogImportDialog';
export { useCatalogImportStore } from './store';
