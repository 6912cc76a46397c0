import type { z } from 'zod';

// API methods for exercise mode and the facilitator (issue 7); merged into `methods` in contract.ts.
// Channel names read `exercises:verb`. Schemas only: no imports of ours but shared/.

export const exerciseMethods = {} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>;
