import type { Connector } from './connector';
import { commandConnector, type CommandConfig } from './command';
import { gitHubConnector, type GitHubConfig } from './github';
import { jiraConnector, type JiraConfig } from './jira';
import { kubernetesConnector, type KubernetesConfig } from './kubernetes';
import { opsgenieConnector, type OpsgenieConfig } from './opsgenie';
import { pagerDutyConnector, type PagerDutyConfig } from './pagerduty';
import { SandboxRecorder, sandboxConnector, sandboxed } from './sandbox';
import { slackConnector, type SlackConfig } from './slack';
import { teamsConnector, type TeamsConfig } from './teams';
import { webhookConnector } from './webhook';

// The composition of connectors for one device: which are configured and
// where they point. Connectors that need configuration (Jira's site,
// Kubernetes' kubeconfig, the command allowlist) exist only when given it.

export interface ConnectorsConfig {
  slack?: SlackConfig;
  teams?: TeamsConfig;
  pagerduty?: PagerDutyConfig;
  opsgenie?: OpsgenieConfig;
  jira?: JiraConfig;
  github?: GitHubConfig;
  kubernetes?: KubernetesConfig;
  command?: CommandConfig;
  /** Exercises: every connector records instead of sending. */
  sandboxAll?: boolean;
}

// A connector with its parameter type forgotten (callers validate() first, which restores it at run time).
export type AnyConnector = Connector<{ operation: string }>;

export function createConnectors(config: ConnectorsConfig = {}, recorder = new SandboxRecorder()): Map<string, AnyConnector> {
  const list: AnyConnector[] = [
    webhookConnector(),
    slackConnector(config.slack),
    teamsConnector(config.teams),
    pagerDutyConnector(config.pagerduty),
    opsgenieConnector(config.opsgenie),
    gitHubConnector(config.github),
  ];
  if (config.jira) list.push(jiraConnector(config.jira));
  if (config.kubernetes) list.push(kubernetesConnector(config.kubernetes));
  if (config.command) list.push(commandConnector(config.command));
  const out = new Map<string, AnyConnector>();
  for (const c of list) out.set(c.id, config.sandboxAll ? sandboxed(c, recorder) : c);
  out.set('sandbox', sandboxConnector(recorder));
  return out;
}
