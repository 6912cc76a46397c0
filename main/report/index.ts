export { workspaceReport, renderReport, pickIncident, entriesOf, type ReportFormat } from './journalReport';
