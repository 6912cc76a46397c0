export {
  ConnectorParamsError,
  failure,
  success,
  type Connector,
  type ConnectorFailure,
  type ConnectorPreview,
  type ConnectorResult,
  type ConnectorSuccess,
  type ExecuteContext,
  type FailedResult,
  type FailureKind,
  type HttpRequestSpec,
} from './connector';
export { nodeHttp, HttpTimeoutError, type HttpClient, type HttpOptions, type HttpResponse, type TlsOptions } from './http';
export {
  DEFAULT_RETRY,
  retryDelay,
  isRetryableStatus,
  parseRetryAfter,
  retryDecision,
  withRetries,
  type RetryDecision,
  type RetryPolicy,
  type RetryRun,
} from './retry';
export { secretsFromStore, staticSecrets, secretAccount, maskOf, scrub, needsSecret, firstMissingSecret, type SecretSource } from './secrets';
export { webhookConnector, webhookSignature, verifyWebhookSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER, type WebhookParams } from './webhook';
export { slackConnector, type SlackConfig, type SlackParams } from './slack';
export { teamsConnector, incidentCard, ADAPTIVE_CARD, type TeamsConfig, type TeamsParams } from './teams';
export { pagerDutyConnector, type PagerDutyConfig, type PagerDutyParams } from './pagerduty';
export { opsgenieConnector, type OpsgenieConfig, type OpsgenieParams } from './opsgenie';
export { jiraConnector, type JiraConfig, type JiraParams } from './jira';
export { gitHubConnector, type GitHubConfig, type GitHubParams } from './github';
export { kubernetesConnector, RESTARTED_AT, type KubernetesConfig, type KubernetesParams } from './kubernetes';
export { parseKubeconfig, readKubeconfig, KubeconfigError, type KubeTarget } from './kubeconfig';
export { commandConnector, commandArgv, type AllowedCommand, type CommandConfig, type CommandParams } from './command';
export { SandboxRecorder, sandboxConnector, sandboxed, type SandboxRecord } from './sandbox';
export { PREVIEW_MAX_CHARS, capPreview, utf8Bytes } from './limits';
export { createConnectors, type AnyConnector, type ConnectorsConfig } from './registry';
