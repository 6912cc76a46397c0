// ICS documents generated from the projection (issue 8): pure, shared by the CLI and the renderer.
export { orgChart, orgChartMarkdown, orgPositions, POSITION_TITLES, type OrgChart, type OrgNode } from './orgChart';
export { briefingOf, briefingMarkdown, briefingHash, generateBriefing, type Briefing } from './briefing';
export { actionPlanOf, actionPlanMarkdown, periodLabel, type ActionPlan } from './actionPlan';
export { actionPlanHtml } from './actionPlanHtml';
export { statusSummaryOf, statusSummaryMarkdown, type StatusSummary } from './statusSummary';
export { activityLog, activityLogMarkdown, concernsIncident, type ActivityLog, type ActivityRow, type LoggedEntry } from './activityLog';
export { utcMinute, type Person } from './markdownText';
export { OBJECTIVE_LABELS } from './situation';
