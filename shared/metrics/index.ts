// Public surface of shared/metrics: pure figures over the projection, for reports and the API.
export { actionMetrics, percentile, type ActionMetrics, type LatencyStats, type MetricsScope } from './actionMetrics';
