import type { ServiceStatus } from '../../shared/state';

/** Status is always shown as colour AND glyph AND word, never colour alone. */
export const STATUS_LOOK: Record<ServiceStatus, { icon: string; label: string }> = {
  healthy: { icon: '✔', label: 'Healthy' },
  degraded: { icon: '▲', label: 'Degraded' },
  down: { icon: '✖', label: 'Down' },
  unknown: { icon: '?', label: 'Unknown' },
};

export const SERVICE_STATUSES: readonly ServiceStatus[] = ['healthy', 'degraded', 'down', 'unknown'];
