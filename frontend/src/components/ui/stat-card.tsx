import type { ReactNode } from 'react';

export interface StatCardProps {
  label: string;
  value: ReactNode;
  note?: ReactNode;
  tone?: 'healthy' | 'degraded' | 'unhealthy';
}

/** One figure with its name and an optional note, as on the Ops overview and the worker cards. */
export function StatCard({ label, value, note, tone }: StatCardProps) {
  return (
    <div className={`stat-card${tone ? ` stat-card-${tone}` : ''}`}>
      <p className="stat-card-label">{label}</p>
      <p className="stat-card-value">{value}</p>
      {note ? <div className="stat-card-note">{note}</div> : null}
    </div>
  );
}
