import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ChartProps } from './chart-types';

const AXIS_TICK = { fill: 'var(--color-text-muted)', fontSize: 11 };
const TOOLTIP_STYLE = {
  background: 'var(--color-surface-raised)',
  border: '1px solid var(--color-border-strong)',
  borderRadius: 4,
  color: 'var(--color-text)',
  fontSize: 12,
};

/**
 * The one module that imports recharts. It is loaded lazily (see lazy-chart.tsx), so the charting
 * library stays out of the first load. Data arrive already shaped by a pure series module.
 */
export default function TimeSeriesChart({
  data,
  series,
  kind = 'line',
  height = 200,
  formatValue = (value) => String(value),
  formatTick,
  stacked = false,
}: ChartProps) {
  // Few buckets (or isolated ones between gaps) would be invisible as a bare line: mark each point.
  const dot = data.length <= 60 ? { r: 2.5 } : false;
  const common = {
    data,
    margin: { top: 8, right: 12, bottom: 0, left: 0 },
  };
  const axes = (
    <>
      <CartesianGrid stroke="var(--color-border)" strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="label" tick={AXIS_TICK} stroke="var(--color-border-strong)" minTickGap={24} />
      <YAxis
        tick={AXIS_TICK}
        stroke="var(--color-border-strong)"
        width={64}
        tickFormatter={(value: number) => (formatTick ?? formatValue)(value)}
        allowDecimals
      />
      <Tooltip
        contentStyle={TOOLTIP_STYLE}
        labelStyle={{ color: 'var(--color-text-muted)' }}
        formatter={(value) => (typeof value === 'number' ? formatValue(value) : String(value ?? '—'))}
      />
      {series.length > 1 ? (
        <Legend wrapperStyle={{ fontSize: 12, color: 'var(--color-text-muted)' }} />
      ) : null}
    </>
  );
  return (
    <ResponsiveContainer width="100%" height={height}>
      {kind === 'bar' ? (
        <BarChart {...common}>
          {axes}
          {series.map((s) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              fill={s.color}
              stackId={stacked ? 'stack' : undefined}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      ) : kind === 'area' ? (
        <AreaChart {...common}>
          {axes}
          {series.map((s) => (
            <Area
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.label}
              stroke={s.color}
              fill={s.color}
              fillOpacity={0.18}
              stackId={stacked ? 'stack' : undefined}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </AreaChart>
      ) : (
        <LineChart {...common}>
          {axes}
          {series.map((s) => (
            <Line
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.label}
              stroke={s.color}
              strokeWidth={2}
              dot={dot}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      )}
    </ResponsiveContainer>
  );
}
