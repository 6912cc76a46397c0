import type { z } from 'zod';

// API methods for actions, approvals and the outbox (issue 6); merged into `methods` in contract.ts.
// Channel names read `actions:verb`. Schemas only: no imports of ours but shared/.

export const actionMethods = {} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>;
