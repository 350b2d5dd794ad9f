import { CHART_COLORS, type ChartRow, type ChartSeries } from '../../../components/charts/chart-types';
import { dayLabel } from '../../../components/charts/time-labels';
import type { DlqStats } from '../../../types/ops';

/** Pure shaping of the DLQ stats into the growth chart and the per-status counts. */

export function growthRows(stats: DlqStats): ChartRow[] {
  return stats.growth.map((point) => ({
    label: dayLabel(point.day),
    received: point.received,
    total: point.total,
  }));
}

export const GROWTH_SERIES: ChartSeries[] = [
  { key: 'received', label: 'Received that day', color: CHART_COLORS[3] },
  { key: 'total', label: 'Total', color: CHART_COLORS[0] },
];

/** The count of one group (e.g. `pending` when grouped by status); 0 when the group is absent. */
export function groupCount(stats: DlqStats, key: string): number {
  return stats.groups.find((group) => group.key === key)?.count ?? 0;
}
