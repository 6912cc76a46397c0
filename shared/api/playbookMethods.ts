import type { z } from 'zod';

// API methods for playbooks and their runs (issue 6); merged into `methods` in contract.ts.
// Channel names read `playbooks:verb`. Schemas only: no imports of ours but shared/.

export const playbookMethods = {} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>;
