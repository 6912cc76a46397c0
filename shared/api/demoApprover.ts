/**
 * The demo's second member, who can really approve: `commandpost serve --demo`
 * keeps their key in this device's secret store, and `serve --as
 * demo-approver` opens a console as them. Named here so the console can say
 * how to reach them.
 */
export const DEMO_APPROVER_NAME = 'Avery Demo-Approver';
export const DEMO_APPROVER_COMMAND = 'commandpost serve --as demo-approver';
