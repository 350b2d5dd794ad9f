import { CHART_COLORS, type ChartRow, type ChartSeries } from '../../../components/charts/chart-types';
import { dayLabel } from '../../../components/charts/time-labels';
import { SEVERITIES, type Compliance, type ResolutionTime } from '../../../types/ops';

/** Pure shaping of the SLA answers into chart rows. */

/** Compliance rate per bucket, with the same bucket one period earlier for comparison. */
export function complianceRows(compliance: Compliance): ChartRow[] {
  return compliance.buckets.map((bucket) => ({
    label: dayLabel(bucket.label),
    rate: bucket.compliance_rate === null ? null : round(bucket.compliance_rate),
    previous: bucket.previous_compliance_rate === null ? null : round(bucket.previous_compliance_rate),
  }));
}

export const COMPLIANCE_SERIES: ChartSeries[] = [
  { key: 'rate', label: 'Compliance', color: CHART_COLORS[1] },
  { key: 'previous', label: 'One period earlier', color: CHART_COLORS[5] },
];

/** Breached and met exceptions per bucket (decided within it). */
export function breachRows(compliance: Compliance): ChartRow[] {
  return compliance.buckets.map((bucket) => ({
    label: dayLabel(bucket.label),
    breached: bucket.breached,
    met: bucket.met,
  }));
}

export const BREACH_SERIES: ChartSeries[] = [
  { key: 'breached', label: 'Breached', color: CHART_COLORS[3] },
  { key: 'met', label: 'Met', color: CHART_COLORS[1] },
];

/** Average, median and p90 time to resolution per severity, in minutes; severities without data are left out. */
export function resolutionRows(resolution: ResolutionTime): ChartRow[] {
  return SEVERITIES.flatMap((severity) => {
    const stats = resolution.by_severity[severity];
    if (!stats || stats.count === 0) return [];
    return [
      {
        label: severity,
        average: toMinutes(stats.average_ms),
        p50: toMinutes(stats.p50_ms),
        p90: toMinutes(stats.p90_ms),
        count: stats.count,
      },
    ];
  });
}

export const RESOLUTION_SERIES: ChartSeries[] = [
  { key: 'p50', label: 'Median', color: CHART_COLORS[0] },
  { key: 'average', label: 'Average', color: CHART_COLORS[4] },
  { key: 'p90', label: 'p90', color: CHART_COLORS[2] },
];

/** True when at least one bucket decided something. */
export function hasDecisions(compliance: Compliance): boolean {
  return compliance.buckets.some((bucket) => bucket.total > 0);
}

function toMinutes(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms / 600) / 100;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
