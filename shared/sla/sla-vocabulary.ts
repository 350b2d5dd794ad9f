/** SLA reporting's words: plain values (no zod), shared with the console. */

/** The bucket sizes of SLA reports, in the tenant's time zone. */
export const SLA_PERIODS = ['day', 'week', 'month'] as const;
export type SlaPeriod = (typeof SLA_PERIODS)[number];
