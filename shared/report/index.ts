export { buildReport, ReportError, type Report, type ReportRow } from './buildReport';
export { reportMarkdown } from './markdown';
export { reportHtml, escapeHtml } from './html';
export { computeMetrics, percentile, type Metrics, type MetricsScope } from './metrics';
export { scoreRubric, type Score, type RubricResult } from './score';
export { describeEntry } from './describeEntry';
export { timeBaseOf, formatOffset, formatSpan, type JournalEntryView, type ReportInput, type TimeBase } from './reportInput';
