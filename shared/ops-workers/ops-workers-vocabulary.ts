/** The fleet pages' words: plain values (no zod), shared with the console. */

/** Named ranges of a metrics read, ending now. */
export const METRIC_RANGES = ['5m', '1h', '24h', '7d'] as const;
export type MetricRange = (typeof METRIC_RANGES)[number];
