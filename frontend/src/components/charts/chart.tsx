import { lazy, Suspense } from 'react';
import { LoadingState } from '../ui/states';
import type { ChartProps } from './chart-types';

// recharts is a large library: it is fetched the first time a chart is drawn, not on first load.
const TimeSeriesChart = lazy(() => import('./time-series-chart'));

export interface ChartFigureProps extends ChartProps {
  /** Names the chart for assistive technology; the same figures are in the page's tables. */
  label: string;
  /** A one-line text summary read instead of the drawing (e.g. "Average over the last hour: Intake 12.5/s"). */
  summary?: string;
}

/** A chart inside a labelled figure, drawn by the lazily loaded chart module. */
export function Chart({ label, summary, ...props }: ChartFigureProps) {
  return (
    <figure className="chart" aria-label={label}>
      <Suspense fallback={<LoadingState label="Loading chart…" />}>
        <TimeSeriesChart {...props} />
      </Suspense>
      {summary ? <figcaption className="chart-caption">{summary}</figcaption> : null}
    </figure>
  );
}
