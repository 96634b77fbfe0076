/**
 * The probes of an orchestrator or a load balancer (docs/operations.md, "Health"): liveness
 * (the process answers) and readiness (it can serve). The server's health/.
 */
import { z } from 'zod';

export const livenessSchema = z.object({ status: z.literal('ok') });

/** What readiness checks; each is `ok` or the reason it is not. */
export const READINESS_CHECKS = ['database', 'migrations', 'crls'] as const;
export type ReadinessCheck = (typeof READINESS_CHECKS)[number];

export const readinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.object({
    /** The database answered a statement within the time allowed. */
    database: z.string(),
    /** Every migration of this version is applied. */
    migrations: z.string(),
    /** No trusted CA's CRLs are past their nextUpdate or fail to verify. */
    crls: z.string(),
  }),
  /** One line per failed check; empty when ready. */
  reasons: z.array(z.string()),
});
export type Readiness = z.infer<typeof readinessSchema>;
