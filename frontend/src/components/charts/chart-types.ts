/** A row of a chart: its x-axis label and one number (or null for a gap) per series key. */
export type ChartRow = { label: string } & Record<string, number | string | null>;

export interface ChartSeries {
  key: string;
  label: string;
  /** A CSS colour; use the `--chart-*` tokens so both themes work. */
  color: string;
}

export interface ChartProps {
  data: ChartRow[];
  series: ChartSeries[];
  kind?: 'line' | 'bar' | 'area';
  height?: number;
  /** Tooltip values. */
  formatValue?: (value: number) => string;
  /** Y-axis ticks (short); formatValue when absent. */
  formatTick?: (value: number) => string;
  stacked?: boolean;
}

/** The chart palette, defined per theme in styles/tokens.css. */
export const CHART_COLORS = [
  'var(--chart-1)',
  'var(--chart-2)',
  'var(--chart-3)',
  'var(--chart-4)',
  'var(--chart-5)',
  'var(--chart-6)',
  'var(--chart-7)',
] as const;
